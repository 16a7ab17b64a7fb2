/**
 * Country names a visitor may ask about ("do you ship to Ireland?"). The shop's articles name regions ("every
 * country of the European Union") and a few countries, not every one, so retrieval reads a country name as the
 * word "country" as well: the question is then about where the shop ships, whichever country it names.
 */
const NAMES = [
  'afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas bahrain',
  'bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil brunei bulgaria',
  'burundi cambodia cameroon canada chad chile china colombia congo croatia cuba cyprus czechia czech denmark',
  'djibouti dominica ecuador egypt eritrea estonia eswatini ethiopia fiji finland france gabon gambia georgia',
  'germany ghana greece grenada guatemala guinea guyana haiti honduras hungary iceland india indonesia iran iraq',
  'ireland israel italy jamaica japan jordan kazakhstan kenya kiribati kosovo kuwait kyrgyzstan laos latvia lebanon',
  'lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia maldives mali malta',
  'mauritania mauritius mexico micronesia moldova monaco mongolia montenegro morocco mozambique myanmar namibia',
  'nauru nepal netherlands holland nicaragua niger nigeria norway oman pakistan palau panama paraguay peru',
  'philippines poland portugal qatar romania russia rwanda samoa senegal serbia seychelles singapore slovakia',
  'slovenia somalia spain sudan suriname sweden switzerland syria taiwan tajikistan tanzania thailand togo tonga',
  'tunisia turkey turkmenistan tuvalu uganda ukraine uruguay uzbekistan vanuatu venezuela vietnam yemen zambia',
  'zimbabwe',
  'new zealand|south africa|south korea|north korea|saudi arabia|sri lanka|costa rica|el salvador|puerto rico',
  'hong kong|united states|united kingdom|united arab emirates|north macedonia|dominican republic|great britain',
  'scotland wales england usa uk uae',
];

const COUNTRY = new RegExp(
  `\\b(?:${NAMES.flatMap((line) => line.split(line.includes('|') ? '|' : ' ')).join('|')})\\b`,
  'i',
);

/** Whether the text names a country. */
export function namesCountry(text: string): boolean {
  return COUNTRY.test(text);
}
