/**
 * The demo shop's catalogue: invented products with plausible prices and attributes. `complements` lists
 * the skus customers of this product tend to buy as well; the synthetic order generator follows it, which is
 * what gives item-based collaborative filtering something to find.
 */
export interface CatalogueEntry {
  sku: string;
  name: string;
  category: string;
  price: number;
  description: string;
  attributes: Record<string, string | number | boolean>;
  tags: string[];
  complements: string[];
}

const p = (
  sku: string,
  name: string,
  category: string,
  price: number,
  description: string,
  attributes: CatalogueEntry['attributes'],
  tags: string[],
  complements: string[] = [],
): CatalogueEntry => ({ sku, name, category, price, description, attributes, tags, complements });

export const CATALOGUE: readonly CatalogueEntry[] = [
  // Audio
  p('AUD-100', 'Aria Over-Ear Headphones', 'audio', 149, 'Closed-back wireless headphones with active noise cancelling and 30 h battery.', { colour: 'black', wireless: true, batteryHours: 30 }, ['headphones', 'wireless', 'noise cancelling'], ['AUD-200', 'AUD-210', 'AUD-220']),
  p('AUD-101', 'Aria Over-Ear Headphones (White)', 'audio', 149, 'The Aria headphones in white.', { colour: 'white', wireless: true, batteryHours: 30 }, ['headphones', 'wireless', 'noise cancelling'], ['AUD-200', 'AUD-210']),
  p('AUD-110', 'Pulse True Wireless Earbuds', 'audio', 89, 'Compact earbuds with a charging case and IPX4 splash resistance.', { colour: 'graphite', wireless: true, waterResistance: 'IPX4' }, ['earbuds', 'wireless', 'sport'], ['AUD-230', 'AUD-240']),
  p('AUD-111', 'Pulse Pro Earbuds', 'audio', 129, 'Earbuds with noise cancelling and wireless charging.', { colour: 'black', wireless: true, waterResistance: 'IPX5' }, ['earbuds', 'wireless', 'noise cancelling'], ['AUD-230', 'AUD-240', 'MOB-120']),
  p('AUD-120', 'Boom Portable Speaker', 'audio', 69, 'Rugged Bluetooth speaker, 12 h playback, floats in water.', { colour: 'blue', wireless: true, waterResistance: 'IPX7' }, ['speaker', 'outdoor', 'bluetooth'], ['AUD-250']),
  p('AUD-121', 'Boom Max Speaker', 'audio', 179, 'Large party speaker with deep bass and a 20 h battery.', { colour: 'black', wireless: true, batteryHours: 20 }, ['speaker', 'party', 'bluetooth'], ['AUD-250']),
  p('AUD-130', 'Studio Wired Headphones', 'audio', 99, 'Open-back wired headphones for mixing and long listening sessions.', { colour: 'silver', wireless: false, impedanceOhm: 80 }, ['headphones', 'studio', 'wired'], ['AUD-220', 'AUD-260']),
  p('AUD-200', 'Hard Shell Headphone Case', 'audio-accessories', 24, 'Protective zip case that fits most over-ear headphones.', { colour: 'black', material: 'EVA' }, ['case', 'headphones', 'travel']),
  p('AUD-210', 'Replacement Ear Cushions', 'audio-accessories', 19, 'Memory-foam ear cushions for Aria headphones.', { colour: 'black', fits: 'Aria' }, ['ear cushions', 'headphones']),
  p('AUD-220', '3.5 mm Audio Cable 1.5 m', 'audio-accessories', 12, 'Braided audio cable with gold-plated plugs.', { lengthM: 1.5 }, ['cable', 'audio']),
  p('AUD-230', 'Foam Ear Tips (3 pairs)', 'audio-accessories', 14, 'Memory-foam tips in three sizes for a better seal.', { sizes: 'S/M/L' }, ['ear tips', 'earbuds']),
  p('AUD-240', 'Earbud Case Cover', 'audio-accessories', 16, 'Silicone cover with a carabiner for earbud charging cases.', { colour: 'mint', material: 'silicone' }, ['case', 'earbuds']),
  p('AUD-250', 'Speaker Carry Strap', 'audio-accessories', 11, 'Adjustable strap for Boom speakers.', { colour: 'orange' }, ['strap', 'speaker', 'outdoor']),
  p('AUD-260', 'Headphone Stand', 'audio-accessories', 29, 'Aluminium stand that keeps headphones off the desk.', { material: 'aluminium' }, ['stand', 'headphones', 'desk']),
  // Mobile
  p('MOB-100', 'Volt 30 W USB-C Charger', 'mobile', 29, 'Compact GaN charger for phones and tablets.', { watts: 30, ports: 1 }, ['charger', 'usb-c'], ['MOB-110', 'MOB-111']),
  p('MOB-101', 'Volt 65 W Dual Charger', 'mobile', 49, 'Two-port charger strong enough for a laptop and a phone.', { watts: 65, ports: 2 }, ['charger', 'usb-c', 'laptop'], ['MOB-110', 'MOB-111']),
  p('MOB-110', 'USB-C to USB-C Cable 1 m', 'mobile', 12, 'Braided 60 W cable.', { lengthM: 1, watts: 60 }, ['cable', 'usb-c']),
  p('MOB-111', 'USB-C to Lightning Cable 1 m', 'mobile', 15, 'Certified cable for fast charging.', { lengthM: 1 }, ['cable', 'lightning']),
  p('MOB-120', 'Wireless Charging Pad', 'mobile', 35, '15 W Qi charging pad with a non-slip surface.', { watts: 15 }, ['charger', 'wireless'], ['MOB-100']),
  p('MOB-130', 'Power Bank 10,000 mAh', 'mobile', 39, 'Slim power bank with USB-C in and out.', { capacityMah: 10000 }, ['power bank', 'travel'], ['MOB-110']),
  p('MOB-140', 'Clear Phone Case', 'mobile', 19, 'Shock-absorbing clear case.', { material: 'TPU' }, ['case', 'phone'], ['MOB-141']),
  p('MOB-141', 'Tempered Glass Screen Protector (2 pack)', 'mobile', 14, 'Edge-to-edge glass with an installation frame.', { pieces: 2 }, ['screen protector', 'phone']),
  p('MOB-150', 'Car Phone Mount', 'mobile', 25, 'Magnetic vent mount.', { mount: 'vent' }, ['car', 'mount', 'phone'], ['MOB-120']),
  // Computing
  p('CMP-100', 'Nimbus 14 Laptop', 'computing', 999, '14-inch laptop, 16 GB memory, 512 GB SSD, 12 h battery.', { screenInches: 14, memoryGb: 16, storageGb: 512 }, ['laptop', 'ultrabook'], ['CMP-200', 'CMP-210', 'CMP-220', 'MOB-101']),
  p('CMP-101', 'Nimbus 16 Laptop', 'computing', 1399, '16-inch laptop, 32 GB memory, 1 TB SSD.', { screenInches: 16, memoryGb: 32, storageGb: 1024 }, ['laptop', 'performance'], ['CMP-201', 'CMP-210', 'CMP-220', 'CMP-130']),
  p('CMP-110', 'Glide Wireless Mouse', 'computing', 39, 'Quiet ergonomic mouse with USB-C charging.', { wireless: true, dpi: 4000 }, ['mouse', 'wireless'], ['CMP-230']),
  p('CMP-120', 'Tactile Mechanical Keyboard', 'computing', 119, 'Hot-swappable mechanical keyboard with brown switches.', { layout: 'US', switches: 'brown' }, ['keyboard', 'mechanical'], ['CMP-240', 'CMP-110']),
  p('CMP-130', 'Vista 27" 4K Monitor', 'computing', 349, '27-inch IPS monitor with USB-C power delivery.', { screenInches: 27, resolution: '3840x2160' }, ['monitor', '4k', 'usb-c'], ['CMP-250', 'CMP-220']),
  p('CMP-140', 'Webcam HD 1080p', 'computing', 59, 'Webcam with dual microphones and a privacy shutter.', { resolution: '1080p' }, ['webcam', 'video calls'], ['CMP-150']),
  p('CMP-150', 'Desk Ring Light', 'computing', 34, 'Dimmable ring light with a clamp.', { diameterCm: 25 }, ['light', 'video calls']),
  p('CMP-200', 'Laptop Sleeve 14"', 'computing-accessories', 29, 'Padded felt sleeve with a pocket for the charger.', { fits: '14 inch', material: 'felt' }, ['sleeve', 'laptop', 'travel']),
  p('CMP-201', 'Laptop Sleeve 16"', 'computing-accessories', 32, 'Padded felt sleeve for 16-inch laptops.', { fits: '16 inch', material: 'felt' }, ['sleeve', 'laptop', 'travel']),
  p('CMP-210', 'USB-C Hub 7-in-1', 'computing-accessories', 45, 'HDMI 4K, 3 × USB-A, SD card reader and 100 W pass-through.', { ports: 7 }, ['hub', 'usb-c', 'laptop']),
  p('CMP-220', 'Aluminium Laptop Stand', 'computing-accessories', 39, 'Raises the screen to eye level; folds flat.', { material: 'aluminium' }, ['stand', 'laptop', 'desk']),
  p('CMP-230', 'Large Mouse Pad', 'computing-accessories', 15, 'Desk-sized cloth mouse pad with stitched edges.', { sizeCm: '80x30' }, ['mouse pad', 'desk']),
  p('CMP-240', 'Keyboard Wrist Rest', 'computing-accessories', 19, 'Memory-foam wrist rest for full-size keyboards.', { material: 'memory foam' }, ['wrist rest', 'keyboard', 'desk']),
  p('CMP-250', 'Monitor Arm', 'computing-accessories', 79, 'Gas-spring arm for monitors up to 32 inches.', { maxInches: 32 }, ['monitor arm', 'desk']),
  // Coffee
  p('HOM-100', 'Brewmaster Drip Coffee Maker', 'coffee', 89, 'Programmable drip machine with a thermal carafe.', { cups: 10 }, ['coffee maker', 'drip'], ['HOM-120', 'HOM-130', 'HOM-140']),
  p('HOM-101', 'Pour-Over Kettle', 'coffee', 59, 'Gooseneck kettle with temperature control.', { litres: 1 }, ['kettle', 'pour over'], ['HOM-110', 'HOM-130']),
  p('HOM-110', 'Ceramic Pour-Over Dripper', 'coffee', 25, 'Ceramic dripper for size 02 filters.', { material: 'ceramic' }, ['dripper', 'pour over'], ['HOM-140', 'HOM-130']),
  p('HOM-120', 'Burr Coffee Grinder', 'coffee', 119, 'Conical burr grinder with 40 grind settings.', { settings: 40 }, ['grinder', 'coffee'], ['HOM-130']),
  p('HOM-130', 'Single-Origin Coffee Beans 1 kg', 'coffee', 28, 'Washed Ethiopian beans, medium roast.', { roast: 'medium', weightKg: 1 }, ['beans', 'coffee']),
  p('HOM-140', 'Paper Filters (100)', 'coffee', 7, 'Unbleached paper filters, size 02.', { size: '02', count: 100 }, ['filters', 'coffee']),
  p('HOM-150', 'Double-Wall Glass Mugs (2)', 'coffee', 22, 'Heat-resistant borosilicate mugs.', { millilitres: 350 }, ['mug', 'coffee']),
  // Fitness
  p('FIT-100', 'Grip Yoga Mat', 'fitness', 45, '6 mm non-slip yoga mat with carrying strap.', { thicknessMm: 6, colour: 'sage' }, ['yoga', 'mat'], ['FIT-110', 'FIT-120', 'FIT-130']),
  p('FIT-110', 'Cork Yoga Blocks (2)', 'fitness', 24, 'Firm natural cork blocks.', { material: 'cork' }, ['yoga', 'blocks']),
  p('FIT-120', 'Yoga Strap', 'fitness', 12, 'Cotton strap with a metal buckle.', { lengthM: 2.5 }, ['yoga', 'strap']),
  p('FIT-130', 'Insulated Water Bottle 750 ml', 'fitness', 27, 'Keeps drinks cold for 24 h.', { millilitres: 750 }, ['bottle', 'sport', 'outdoor']),
  p('FIT-140', 'Adjustable Dumbbells (pair)', 'fitness', 229, 'Dial-adjustable dumbbells from 2 to 24 kg.', { maxKg: 24 }, ['dumbbells', 'strength'], ['FIT-150', 'FIT-130']),
  p('FIT-150', 'Exercise Mat Thick', 'fitness', 35, '15 mm mat for floor exercises.', { thicknessMm: 15 }, ['mat', 'strength']),
  p('FIT-160', 'Resistance Bands Set', 'fitness', 29, 'Five bands with handles and door anchor.', { bands: 5 }, ['bands', 'strength', 'travel'], ['FIT-130']),
  // Outdoor
  p('OUT-100', 'Trail 28 L Backpack', 'outdoor', 89, 'Day pack with a rain cover and hydration sleeve.', { litres: 28 }, ['backpack', 'hiking'], ['OUT-140', 'FIT-130']),
  p('OUT-110', 'Summit 2-Person Tent', 'outdoor', 249, 'Freestanding three-season tent, 2.1 kg.', { persons: 2, weightKg: 2.1 }, ['tent', 'camping'], ['OUT-120', 'OUT-130', 'OUT-140']),
  p('OUT-120', 'Down Sleeping Bag', 'outdoor', 179, 'Comfort rating 2 °C, packs to the size of a melon.', { comfortC: 2 }, ['sleeping bag', 'camping'], ['OUT-130']),
  p('OUT-130', 'Inflatable Sleeping Pad', 'outdoor', 79, 'R-value 4.2 insulated pad.', { rValue: 4.2 }, ['sleeping pad', 'camping']),
  p('OUT-140', 'Rechargeable Headlamp', 'outdoor', 39, '400-lumen headlamp with red light mode.', { lumens: 400 }, ['headlamp', 'camping', 'hiking']),
];

/** Interest groups: a synthetic customer favours one or two, which shapes what they buy. */
export const INTERESTS: Readonly<Record<string, readonly string[]>> = {
  listener: ['AUD-100', 'AUD-101', 'AUD-110', 'AUD-111', 'AUD-130', 'AUD-120', 'AUD-121'],
  mobile: ['MOB-100', 'MOB-101', 'MOB-120', 'MOB-130', 'MOB-140', 'MOB-150', 'AUD-110'],
  workspace: ['CMP-100', 'CMP-101', 'CMP-110', 'CMP-120', 'CMP-130', 'CMP-140', 'CMP-220'],
  coffee: ['HOM-100', 'HOM-101', 'HOM-110', 'HOM-120', 'HOM-130', 'HOM-150'],
  fitness: ['FIT-100', 'FIT-140', 'FIT-160', 'FIT-130', 'AUD-110'],
  outdoor: ['OUT-100', 'OUT-110', 'OUT-120', 'OUT-140', 'AUD-120', 'FIT-130'],
};
