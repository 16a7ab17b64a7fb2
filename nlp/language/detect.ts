/**
 * Which language a chat message is in, for one decision: is it English (the language the intent model and the
 * replies cover)? Chat messages are short ("Ich möchte meine Bestellung stornieren", "hola"), where character
 * n-gram detectors guess wildly, so this reads two stronger signals: the writing system, and words that are
 * frequent in one language and rare in English. A message is called non-English only when those signals clearly
 * outweigh the English words in it; anything unclear stays English, so an English message with a typo or a
 * foreign product name is never turned away.
 */
export interface DetectedLanguage {
  /** ISO 639-1 code, `en` when the message is (or may well be) English, `und` for no letters at all. */
  code: string;
  english: boolean;
}

const SCRIPTS: ReadonlyArray<{ code: string; pattern: RegExp }> = [
  { code: 'ru', pattern: /\p{Script=Cyrillic}/u },
  { code: 'el', pattern: /\p{Script=Greek}/u },
  { code: 'ar', pattern: /\p{Script=Arabic}/u },
  { code: 'he', pattern: /\p{Script=Hebrew}/u },
  { code: 'ja', pattern: /[\p{Script=Hiragana}\p{Script=Katakana}]/u },
  { code: 'zh', pattern: /\p{Script=Han}/u },
  { code: 'ko', pattern: /\p{Script=Hangul}/u },
  { code: 'th', pattern: /\p{Script=Thai}/u },
  { code: 'hi', pattern: /\p{Script=Devanagari}/u },
];

// Frequent words of each language that are not (or hardly ever) English words. Ambiguous ones are left out on
// purpose: "die", "will", "also", "war", "gift" (German), "a", "no", "come", "son", "per", "me" and the like.
const WORDS: Readonly<Record<string, string>> = {
  de: 'ich mich mir meine meinen meiner mein nicht und ist sind bitte danke möchte moechte möchten können kann haben habe hast eine einen einem der das den dem mit für fuer auf sie wir ihr noch schon warum wann wo wie was zurück zurueck sprechen deutsch hallo guten tag bestellung bestellen stornieren lieferung rücksendung geld aber oder nur sehr gibt ein keine kein wurde wird jemand mensch hilfe brauche wieviel wie viel kostet versand nach',
  fr: 'je vous nous est pas mon ma mes le la les des du une et pour avec commande bonjour merci où quand comment pourquoi voudrais veux remboursement livraison plaît plait sur dans qui que avez êtes suis parler français francais annuler colis aide besoin quelqu salut combien coûte coute frais',
  es: 'hola gracias quiero mi pedido dónde donde está esta el los las por favor para una cómo qué tengo puedo hablar devolver necesito pero muy también tambien hablo español espanol cancelar envío envio dinero ayuda alguien usted ustedes buenos días dias cuánto cuanto cuesta cuestan',
  it: 'ciao grazie voglio il mio mia ordine dove è sono non della del vorrei posso parlare perché perche quando anche questo questa italiano annullare spedizione aiuto qualcuno buongiorno ordinato arrivato pacco rimborso avete cuffie quanto costa',
  pt: 'olá ola obrigado obrigada quero meu minha pedido onde está não você voce para com uma pode falar encomenda cancelar português portugues ajuda alguém alguem bom dia custa quanto',
  nl: 'ik wil mijn bestelling waar niet het een van dank bedankt graag kunt jij annuleren spreken nederlands hoi goedemorgen waarom wanneer hulp iemand alstublieft kan praten met bij geen nog mijnheer wilt hebben heb pakket verzending terugsturen geld hoeveel kost kosten naar wat hoe zijn ook maar voor deze heeft zou moet kunnen bestellen retour',
  sv: 'jag är mitt mina hur vad inte och att vill beställning beställningen tack hej avbryta hjälp någon prata svenska varför när paket',
  da: 'jeg hvor hvad hvordan ikke og bestilling ordre tak annullere hjælp nogen tale dansk hvornår pakke',
  nb: 'hvor bestilling ikke takk hei avbestille hjelp noen snakke norsk hvorfor pakke',
  pl: 'gdzie jest moje mój moja nie jak co chcę chce proszę prosze dziękuję dziekuje zamówienie zamowienie zamówienia czy się sie mam moim anulować anulowac pomoc paczka',
  tr: 'nerede siparişim siparis sipariş siparişimi merhaba teşekkürler tesekkurler lütfen lutfen istiyorum iptal nasıl nasil zaman bir ve bu benim yardım kargo',
  cs: 'kde je moje objednávka objednavka děkuji dekuji prosím prosim chci zrušit zrusit nemám jak balík',
};

const ENGLISH =
  'i im my me you your the is are was be to and of can could do does did what where when why how want need order please hi hello hey it its a an for with not this that have has will would on in at from about get my there any thanks thank yes no just am we our they';

const LATIN_LETTER = /\p{Script=Latin}/u;
const WORD = /[\p{L}']+/gu;

const wordSets: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(WORDS).map(([code, words]) => [code, new Set(words.split(' '))]),
);
const englishWords: ReadonlySet<string> = new Set(ENGLISH.split(' '));

// Letters that English text does not use.
const MARKS: ReadonlyArray<{ code: string; pattern: RegExp }> = [
  { code: 'de', pattern: /[äöüß]/u },
  { code: 'es', pattern: /[ñ¿¡]/u },
  { code: 'pt', pattern: /[ãõ]/u },
  { code: 'fr', pattern: /[êèëîïôœç]/u },
  { code: 'pl', pattern: /[łśżźćńąę]/u },
  { code: 'tr', pattern: /[şğı]/u },
  { code: 'sv', pattern: /[å]/u },
  { code: 'cs', pattern: /[řěůčš]/u },
];

export function detectLanguage(text: string): DetectedLanguage {
  const letters = [...text].filter((ch) => /\p{L}/u.test(ch));
  if (letters.length === 0) return { code: 'und', english: true };

  // A writing system other than Latin for most letters settles it.
  const latin = letters.filter((ch) => LATIN_LETTER.test(ch)).length;
  if (latin < letters.length / 2) {
    for (const { code, pattern } of SCRIPTS) {
      if (letters.some((ch) => pattern.test(ch))) return { code, english: false };
    }
    return { code: 'und', english: false };
  }

  const words = (text.toLowerCase().match(WORD) ?? []).map((w) => w.replace(/^'+|'+$/g, ''));
  const english = words.filter((w) => englishWords.has(w) || englishWords.has(w.replace(/'.*$/, ''))).length;
  let best = 'en';
  let bestScore = 0;
  for (const [code, set] of wordSets) {
    let score = words.filter((w) => set.has(w) || set.has(w.split("'").at(-1) ?? '')).length;
    if (MARKS.some((mark) => mark.code === code && mark.pattern.test(text.toLowerCase()))) score += 1;
    if (score > bestScore) {
      best = code;
      bestScore = score;
    }
  }
  // Two foreign words outweighing the English ones, or a one- or two-word message that is all foreign ("hola",
  // "merci beaucoup") — never one foreign-looking word in an English sentence.
  const foreign =
    best !== 'en' &&
    bestScore > english &&
    (bestScore >= 2 || (words.length <= 2 && english === 0 && bestScore >= 1));
  return foreign ? { code: best, english: false } : { code: 'en', english: true };
}
