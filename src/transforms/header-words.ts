import type { CanonicalField } from './canonical-fields.js';

/** The languages header words are known in besides English, as the README's table lists them. */
export const HEADER_LANGUAGES = {
  fr: 'Français',
  de: 'Deutsch',
  es: 'Español',
  pt: 'Português',
  it: 'Italiano',
  nl: 'Nederlands',
  ja: '日本語',
  'zh-Hans': '中文（简体）',
  'zh-Hant': '中文（繁體）',
} as const;

/** A language header words are known in: `en`, or one of {@link HEADER_LANGUAGES}. */
export type HeaderLanguage = 'en' | keyof typeof HEADER_LANGUAGES;

type Words = Readonly<Record<HeaderLanguage, readonly string[]>>;

// The fields whose words are the first e-mail's with a number after them (`Courriel 2`).
type NumberedEmail = 'email_2' | 'email_3' | 'email_4';

/**
 * The words a header may use for each field, by language, as people write them (the matching
 * ignores case, accents, width and punctuation: see normaliseHeader). Where a word means one
 * field in a language and another elsewhere, neither has it (Japanese 名字 is a surname, Chinese
 * 名字 a given name); a bare word for "name" that a form uses for the given name (`Nombre`,
 * `Nome`) is the first name, and French `Nom` the last name: a row's display name is built from
 * them when the file has no full-name column, so a file that put whole names there loses nothing.
 */
const WORDS: Readonly<Record<Exclude<CanonicalField, NumberedEmail>, Words>> = {
  display_name: {
    en: ['display name', 'full name', 'name', 'contact name'],
    fr: ['nom complet', 'nom affiché', "nom d'affichage", 'nom et prénom', 'nom du contact'],
    de: ['vollständiger Name', 'Anzeigename', 'Kontaktname', 'Name'],
    es: ['nombre completo', 'nombre para mostrar', 'nombre del contacto', 'nombre y apellidos'],
    pt: ['nome completo', 'nome de exibição', 'nome do contato', 'nome do contacto'],
    it: ['nome completo', 'nome visualizzato', 'nome contatto', 'nominativo', 'nome e cognome'],
    nl: ['volledige naam', 'weergavenaam', 'naam', 'contactnaam'],
    ja: ['氏名', '名前', '表示名', 'フルネーム', 'お名前'],
    'zh-Hans': ['姓名', '全名', '显示名称', '联系人姓名'],
    'zh-Hant': ['姓名', '全名', '顯示名稱', '聯絡人姓名'],
  },
  first_name: {
    en: ['first name', 'given name', 'forename'],
    fr: ['prénom'],
    de: ['Vorname'],
    es: ['nombre', 'nombre de pila'],
    pt: ['nome', 'primeiro nome', 'prenome'],
    it: ['nome'],
    nl: ['voornaam', 'roepnaam'],
    ja: ['名', '下の名前'],
    'zh-Hans': ['名', '名字'],
    'zh-Hant': ['名', '名字'],
  },
  last_name: {
    en: ['last name', 'surname', 'family name'],
    fr: ['nom', 'nom de famille'],
    de: ['Nachname', 'Familienname'],
    es: ['apellido', 'apellidos'],
    pt: ['sobrenome', 'apelido', 'último nome'],
    it: ['cognome'],
    nl: ['achternaam', 'familienaam'],
    ja: ['姓', '苗字'],
    'zh-Hans': ['姓', '姓氏'],
    'zh-Hant': ['姓', '姓氏'],
  },
  phone: {
    en: ['phone', 'main phone', 'telephone', 'phone number', 'primary phone', 'telephone number', 'tel'],
    fr: ['téléphone', 'numéro de téléphone', 'tél', 'téléphone principal'],
    de: ['Telefon', 'Telefonnummer', 'Rufnummer', 'Festnetz'],
    es: ['teléfono', 'número de teléfono', 'teléfono principal'],
    pt: ['telefone', 'número de telefone', 'telefone principal'],
    it: ['telefono', 'numero di telefono', 'telefono principale'],
    nl: ['telefoon', 'telefoonnummer'],
    ja: ['電話', '電話番号', 'TEL'],
    'zh-Hans': ['电话', '电话号码', '联系电话'],
    'zh-Hant': ['電話', '電話號碼', '聯絡電話'],
  },
  mobile: {
    en: ['mobile', 'cell', 'mobile phone', 'cell phone', 'mobile number', 'cell number'],
    fr: ['portable', 'mobile', 'téléphone portable', 'téléphone mobile', 'numéro de portable'],
    de: ['Handy', 'Mobil', 'Mobiltelefon', 'Handynummer', 'Mobilnummer', 'Mobilfunknummer'],
    es: ['móvil', 'teléfono móvil', 'celular', 'número de móvil', 'número de celular'],
    pt: ['telemóvel', 'celular', 'telefone celular', 'número de celular', 'número de telemóvel'],
    it: ['cellulare', 'telefono cellulare', 'numero di cellulare', 'mobile'],
    nl: ['mobiel', 'mobiele telefoon', 'mobiel nummer', 'gsm'],
    ja: ['携帯', '携帯電話', '携帯番号', '携帯電話番号'],
    'zh-Hans': ['手机', '手机号', '手机号码', '移动电话'],
    'zh-Hant': ['手機', '手機號碼', '行動電話', '流動電話'],
  },
  work_phone: {
    en: ['work phone', 'business phone', 'office phone'],
    fr: ['téléphone professionnel', 'téléphone bureau', 'téléphone travail'],
    de: ['Telefon geschäftlich', 'Geschäftstelefon', 'Telefon Arbeit', 'Diensttelefon'],
    es: ['teléfono del trabajo', 'teléfono de trabajo', 'teléfono laboral', 'teléfono de oficina'],
    pt: ['telefone comercial', 'telefone do trabalho', 'telefone profissional'],
    it: ['telefono ufficio', 'telefono di lavoro', 'telefono aziendale'],
    nl: ['telefoon werk', 'zakelijke telefoon', 'telefoonnummer werk'],
    ja: ['会社電話', '勤務先電話', '勤務先電話番号', '会社電話番号'],
    'zh-Hans': ['工作电话', '办公电话', '单位电话'],
    'zh-Hant': ['工作電話', '辦公電話', '公司電話'],
  },
  home_phone: {
    en: ['home phone'],
    fr: ['téléphone domicile', 'téléphone personnel'],
    de: ['Telefon privat', 'Privattelefon'],
    es: ['teléfono particular', 'teléfono de casa', 'teléfono fijo'],
    pt: ['telefone residencial', 'telefone de casa', 'telefone fixo'],
    it: ['telefono casa', 'telefono di casa', 'telefono fisso'],
    nl: ['telefoon thuis', 'privételefoon', 'vaste telefoon'],
    ja: ['自宅電話', '自宅電話番号'],
    'zh-Hans': ['家庭电话', '住宅电话'],
    'zh-Hant': ['住家電話', '住宅電話'],
  },
  other_phone: {
    en: ['other phone'],
    fr: ['autre téléphone', 'téléphone secondaire'],
    de: ['weitere Telefonnummer', 'andere Telefonnummer', 'sonstige Telefonnummer'],
    es: ['otro teléfono', 'teléfono alternativo'],
    pt: ['outro telefone', 'telefone alternativo'],
    it: ['altro telefono', 'telefono alternativo'],
    nl: ['ander telefoonnummer', 'overige telefoon'],
    ja: ['その他の電話', 'その他電話番号'],
    'zh-Hans': ['其他电话', '备用电话'],
    'zh-Hant': ['其他電話', '備用電話'],
  },
  email: {
    en: ['email', 'email address', 'email 1', 'email address 1', 'mail'],
    fr: ['courriel', 'e-mail', 'adresse e-mail', 'adresse électronique', 'adresse courriel', 'mél'],
    de: ['E-Mail', 'E-Mail-Adresse', 'Mailadresse'],
    es: ['correo', 'correo electrónico', 'dirección de correo', 'email'],
    pt: ['e-mail', 'endereço de e-mail', 'correio eletrónico', 'correio eletrônico'],
    it: ['e-mail', 'indirizzo e-mail', 'posta elettronica', 'indirizzo email'],
    nl: ['e-mail', 'e-mailadres', 'mailadres'],
    ja: ['メール', 'メールアドレス', 'Eメール', '電子メール'],
    'zh-Hans': ['邮箱', '电子邮箱', '电子邮件', '邮件地址', '邮箱地址'],
    'zh-Hant': ['電子郵件', '電郵', '郵箱', '電子信箱', '電子郵件地址'],
  },
  company: {
    en: ['company', 'organization', 'organisation', 'company name'],
    fr: ['entreprise', 'société', 'organisation', "nom de l'entreprise"],
    de: ['Firma', 'Unternehmen', 'Organisation', 'Firmenname'],
    es: ['empresa', 'compañía', 'organización', 'nombre de la empresa'],
    pt: ['empresa', 'companhia', 'organização', 'nome da empresa'],
    it: ['azienda', 'società', 'organizzazione', 'ditta'],
    nl: ['bedrijf', 'organisatie', 'bedrijfsnaam', 'firma'],
    ja: ['会社', '会社名', '企業名', '勤務先', '所属'],
    'zh-Hans': ['公司', '公司名称', '单位', '企业'],
    'zh-Hant': ['公司', '公司名稱', '單位', '企業'],
  },
  role: {
    en: ['role', 'title', 'job title'],
    fr: ['fonction', 'rôle', 'intitulé du poste'],
    de: ['Position', 'Funktion', 'Rolle', 'Berufsbezeichnung'],
    es: ['cargo', 'puesto', 'rol'],
    pt: ['cargo', 'função'],
    it: ['ruolo', 'qualifica', 'mansione'],
    nl: ['functie', 'rol', 'functietitel'],
    ja: ['役職', '肩書き', '役割'],
    'zh-Hans': ['职位', '职务', '头衔', '角色'],
    'zh-Hant': ['職位', '職稱', '職務', '角色'],
  },
  location: {
    en: ['location', 'city'],
    fr: ['ville', 'localité', 'lieu', 'emplacement'],
    de: ['Ort', 'Stadt', 'Standort'],
    es: ['ciudad', 'ubicación', 'localidad'],
    pt: ['cidade', 'localização', 'local'],
    it: ['città', 'località', 'sede'],
    nl: ['plaats', 'stad', 'woonplaats', 'locatie'],
    ja: ['所在地', '市区町村', '都市', '場所'],
    'zh-Hans': ['城市', '地点', '所在地'],
    'zh-Hant': ['城市', '地點', '所在地'],
  },
  timezone: {
    en: ['timezone', 'time zone'],
    fr: ['fuseau horaire'],
    de: ['Zeitzone'],
    es: ['zona horaria', 'huso horario'],
    pt: ['fuso horário'],
    it: ['fuso orario'],
    nl: ['tijdzone'],
    ja: ['タイムゾーン', '標準時'],
    'zh-Hans': ['时区'],
    'zh-Hant': ['時區'],
  },
  account_number: {
    en: ['account number', 'account no'],
    fr: ['numéro de compte', 'n° de compte', 'numéro client'],
    de: ['Kontonummer', 'Kundennummer'],
    es: ['número de cuenta', 'nº de cuenta', 'número de cliente'],
    pt: ['número da conta', 'número de conta', 'número de cliente'],
    it: ['numero di conto', 'numero conto', 'codice cliente'],
    nl: ['rekeningnummer', 'klantnummer', 'accountnummer'],
    ja: ['口座番号', 'アカウント番号', '顧客番号'],
    'zh-Hans': ['账号', '账户号码', '客户编号'],
    'zh-Hant': ['帳號', '帳戶號碼', '客戶編號'],
  },
  country: {
    en: ['country'],
    fr: ['pays'],
    de: ['Land'],
    es: ['país'],
    pt: ['país'],
    it: ['paese', 'nazione'],
    nl: ['land'],
    ja: ['国', '国名', '国・地域'],
    'zh-Hans': ['国家', '国家/地区'],
    'zh-Hant': ['國家', '國家/地區'],
  },
  contact_id: {
    en: ['contact id'],
    fr: ['ID du contact', 'ID contact', 'identifiant du contact'],
    de: ['Kontakt-ID'],
    es: ['ID de contacto', 'ID del contacto'],
    pt: ['ID do contato', 'ID do contacto'],
    it: ['ID contatto'],
    nl: ['contact-ID'],
    ja: ['連絡先ID', 'コンタクトID'],
    'zh-Hans': ['联系人ID'],
    'zh-Hant': ['聯絡人ID'],
  },
  source_id: {
    en: ['source id'],
    fr: ['ID source', 'identifiant source'],
    de: ['Quell-ID'],
    es: ['ID de origen'],
    pt: ['ID de origem'],
    it: ['ID origine'],
    nl: ['bron-ID'],
    ja: ['ソースID'],
    'zh-Hans': ['来源ID'],
    'zh-Hant': ['來源ID'],
  },
  source_name: {
    en: ['source name'],
    fr: ['nom de la source'],
    de: ['Quellname'],
    es: ['nombre de origen'],
    pt: ['nome da origem'],
    it: ['nome origine'],
    nl: ['bronnaam'],
    ja: ['ソース名'],
    'zh-Hans': ['来源名称'],
    'zh-Hant': ['來源名稱'],
  },
};

/** The further e-mail fields, each the first's words followed by its number. */
const NUMBERED_EMAILS: readonly (readonly [NumberedEmail, number])[] = [
  ['email_2', 2],
  ['email_3', 3],
  ['email_4', 4],
];

/** The words of one field in one language (for `email_2`…, the first e-mail's words and the number). */
export function headerWords(field: CanonicalField, language: HeaderLanguage): readonly string[] {
  const numbered = NUMBERED_EMAILS.find(([f]) => f === field);
  if (numbered === undefined) return WORDS[field as Exclude<CanonicalField, NumberedEmail>][language];
  // `Email 1` is the first address: its words are not numbered again.
  return WORDS.email[language].filter((word) => !/\d$/.test(word)).map((word) => `${word} ${numbered[1]}`);
}

/** Every field with its words in every language, English first. */
export function allHeaderWords(): { readonly field: CanonicalField; readonly language: HeaderLanguage; readonly word: string }[] {
  const languages: HeaderLanguage[] = ['en', ...(Object.keys(HEADER_LANGUAGES) as (keyof typeof HEADER_LANGUAGES)[])];
  const fields = [...Object.keys(WORDS), ...NUMBERED_EMAILS.map(([f]) => f)] as CanonicalField[];
  return fields.flatMap((field) => languages.flatMap((language) => headerWords(field, language).map((word) => ({ field, language, word }))));
}

/**
 * The README's table of header words in other languages than English: one row per field (the
 * numbered e-mails in one), one column per language.
 */
export function headerWordsMarkdown(): string {
  const languages = Object.keys(HEADER_LANGUAGES) as (keyof typeof HEADER_LANGUAGES)[];
  const lines = [
    `| field | ${languages.map((l) => HEADER_LANGUAGES[l]).join(' | ')} |`,
    `| --- |${languages.map(() => ' --- |').join('')}`,
  ];
  for (const field of Object.keys(WORDS) as Exclude<CanonicalField, NumberedEmail>[]) {
    const name = field === 'email' ? '`email`, `email_2` … `email_4` (the words and 2 … 4)' : `\`${field}\``;
    lines.push(`| ${name} | ${languages.map((l) => WORDS[field][l].join(', ')).join(' | ')} |`);
  }
  return lines.join('\n');
}
