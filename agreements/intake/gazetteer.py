"""The word lists the intake engine reads: countries, cities, titles, cue words, currencies.

Plain data, kept apart from the rules so that an editor can see (and extend) what
the engine knows. Nothing here is learnt; every entry was written by hand.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str  # formal name, the name of a new state party ("Republic of Korea")
    short_name: str  # "South Korea"
    other_names: tuple = ()  # other ways the news names the state ("Korea", "the Philippines")
    demonyms: tuple = ()  # "South Korean", "Korean"; adjectives in other languages too
    capitals: tuple = ()  # "Seoul": the capital stands for the government ("Seoul and Lima")

    @property
    def names(self):
        return (self.name, self.short_name, *self.other_names)


def _c(code, name, short_name, other_names=(), demonyms=(), capitals=()):
    return Country(code, name, short_name, tuple(other_names), tuple(demonyms), tuple(capitals))


# fmt: off
COUNTRIES = [
    _c('KR', 'Republic of Korea', 'South Korea', ['Korea', 'ROK'], ['South Korean', 'Korean'], ['Seoul']),
    _c('KP', "Democratic People's Republic of Korea", 'North Korea', ['DPRK'], ['North Korean'], ['Pyongyang']),
    _c('PE', 'Republic of Peru', 'Peru', ['Perú'], ['Peruvian', 'Peruana', 'Peruano'], ['Lima']),
    _c('JP', 'Japan', 'Japan', [], ['Japanese'], ['Tokyo']),
    _c('PH', 'Republic of the Philippines', 'Philippines', ['the Philippines'], ['Philippine', 'Filipino'], ['Manila']),
    _c('DE', 'Federal Republic of Germany', 'Germany', [], ['German', 'Deutsche'], ['Berlin']),
    _c('CL', 'Republic of Chile', 'Chile', [], ['Chilean', 'Chilena', 'Chileno'], ['Santiago']),
    _c('BR', 'Federative Republic of Brazil', 'Brazil', ['Brasil'], ['Brazilian', 'Brasileira', 'Brasileiro'], ['Brasília', 'Brasilia']),
    _c('CN', "People's Republic of China", 'China', ['PRC'], ['Chinese'], ['Beijing']),
    _c('PL', 'Republic of Poland', 'Poland', [], ['Polish'], ['Warsaw']),
    _c('US', 'United States of America', 'United States', ['U.S.', 'US', 'USA', 'America'], ['American', 'U.S.'], ['Washington']),
    _c('GB', 'United Kingdom of Great Britain and Northern Ireland', 'United Kingdom', ['UK', 'U.K.', 'Britain', 'Great Britain'], ['British'], ['London']),
    _c('FR', 'French Republic', 'France', [], ['French'], ['Paris']),
    _c('IT', 'Italian Republic', 'Italy', [], ['Italian'], ['Rome']),
    _c('ES', 'Kingdom of Spain', 'Spain', ['España'], ['Spanish', 'Española', 'Español'], ['Madrid']),
    _c('PT', 'Portuguese Republic', 'Portugal', [], ['Portuguese'], ['Lisbon']),
    _c('NL', 'Kingdom of the Netherlands', 'Netherlands', ['the Netherlands', 'Holland'], ['Dutch'], ['Amsterdam', 'The Hague']),
    _c('BE', 'Kingdom of Belgium', 'Belgium', [], ['Belgian'], []),
    _c('CH', 'Swiss Confederation', 'Switzerland', [], ['Swiss'], ['Bern']),
    _c('AT', 'Republic of Austria', 'Austria', [], ['Austrian'], ['Vienna']),
    _c('CZ', 'Czech Republic', 'Czechia', ['Czech Republic'], ['Czech'], ['Prague']),
    _c('HU', 'Hungary', 'Hungary', [], ['Hungarian'], ['Budapest']),
    _c('RO', 'Romania', 'Romania', [], ['Romanian'], ['Bucharest']),
    _c('GR', 'Hellenic Republic', 'Greece', [], ['Greek'], ['Athens']),
    _c('IE', 'Ireland', 'Ireland', [], ['Irish'], ['Dublin']),
    _c('SE', 'Kingdom of Sweden', 'Sweden', [], ['Swedish'], ['Stockholm']),
    _c('NO', 'Kingdom of Norway', 'Norway', [], ['Norwegian'], ['Oslo']),
    _c('DK', 'Kingdom of Denmark', 'Denmark', [], ['Danish'], ['Copenhagen']),
    _c('FI', 'Republic of Finland', 'Finland', [], ['Finnish'], ['Helsinki']),
    _c('UA', 'Ukraine', 'Ukraine', [], ['Ukrainian'], ['Kyiv', 'Kiev']),
    _c('RU', 'Russian Federation', 'Russia', [], ['Russian'], ['Moscow']),
    _c('TR', 'Republic of Türkiye', 'Türkiye', ['Turkey', 'Turkiye'], ['Turkish'], ['Ankara']),
    _c('IL', 'State of Israel', 'Israel', [], ['Israeli'], []),
    _c('EG', 'Arab Republic of Egypt', 'Egypt', [], ['Egyptian'], ['Cairo']),
    _c('SA', 'Kingdom of Saudi Arabia', 'Saudi Arabia', [], ['Saudi'], ['Riyadh']),
    _c('AE', 'United Arab Emirates', 'United Arab Emirates', ['UAE', 'U.A.E.'], ['Emirati'], ['Abu Dhabi']),
    _c('QA', 'State of Qatar', 'Qatar', [], ['Qatari'], ['Doha']),
    _c('IR', 'Islamic Republic of Iran', 'Iran', [], ['Iranian'], ['Tehran']),
    _c('IN', 'Republic of India', 'India', [], ['Indian'], ['New Delhi']),
    _c('PK', 'Islamic Republic of Pakistan', 'Pakistan', [], ['Pakistani'], ['Islamabad']),
    _c('BD', "People's Republic of Bangladesh", 'Bangladesh', [], ['Bangladeshi'], ['Dhaka']),
    _c('ID', 'Republic of Indonesia', 'Indonesia', [], ['Indonesian'], ['Jakarta']),
    _c('VN', 'Socialist Republic of Viet Nam', 'Vietnam', ['Viet Nam'], ['Vietnamese'], ['Hanoi']),
    _c('TH', 'Kingdom of Thailand', 'Thailand', [], ['Thai'], ['Bangkok']),
    _c('MY', 'Malaysia', 'Malaysia', [], ['Malaysian'], ['Kuala Lumpur']),
    _c('SG', 'Republic of Singapore', 'Singapore', [], ['Singaporean'], []),
    _c('KH', 'Kingdom of Cambodia', 'Cambodia', [], ['Cambodian'], ['Phnom Penh']),
    _c('MN', 'Mongolia', 'Mongolia', [], ['Mongolian'], ['Ulaanbaatar']),
    _c('KZ', 'Republic of Kazakhstan', 'Kazakhstan', [], ['Kazakh'], ['Astana']),
    _c('UZ', 'Republic of Uzbekistan', 'Uzbekistan', [], ['Uzbek'], ['Tashkent']),
    _c('TW', 'Taiwan', 'Taiwan', [], ['Taiwanese'], ['Taipei']),
    _c('AU', 'Commonwealth of Australia', 'Australia', [], ['Australian'], ['Canberra']),
    _c('NZ', 'New Zealand', 'New Zealand', [], ['New Zealand'], ['Wellington']),
    _c('CA', 'Canada', 'Canada', [], ['Canadian'], ['Ottawa']),
    _c('MX', 'United Mexican States', 'Mexico', ['México'], ['Mexican', 'Mexicana', 'Mexicano'], ['Mexico City']),
    _c('AR', 'Argentine Republic', 'Argentina', [], ['Argentine', 'Argentinian'], ['Buenos Aires']),
    _c('CO', 'Republic of Colombia', 'Colombia', [], ['Colombian', 'Colombiana'], ['Bogotá', 'Bogota']),
    _c('EC', 'Republic of Ecuador', 'Ecuador', [], ['Ecuadorian'], ['Quito']),
    _c('BO', 'Plurinational State of Bolivia', 'Bolivia', [], ['Bolivian'], []),
    _c('PY', 'Republic of Paraguay', 'Paraguay', [], ['Paraguayan'], ['Asunción']),
    _c('UY', 'Oriental Republic of Uruguay', 'Uruguay', [], ['Uruguayan'], ['Montevideo']),
    _c('VE', 'Bolivarian Republic of Venezuela', 'Venezuela', [], ['Venezuelan'], ['Caracas']),
    _c('PA', 'Republic of Panama', 'Panama', [], ['Panamanian'], ['Panama City']),
    _c('CU', 'Republic of Cuba', 'Cuba', [], ['Cuban'], ['Havana']),
    _c('ZA', 'Republic of South Africa', 'South Africa', [], ['South African'], ['Pretoria']),
    _c('NG', 'Federal Republic of Nigeria', 'Nigeria', [], ['Nigerian'], ['Abuja']),
    _c('KE', 'Republic of Kenya', 'Kenya', [], ['Kenyan'], ['Nairobi']),
    _c('ET', 'Federal Democratic Republic of Ethiopia', 'Ethiopia', [], ['Ethiopian'], ['Addis Ababa']),
    _c('MA', 'Kingdom of Morocco', 'Morocco', [], ['Moroccan'], ['Rabat']),
    _c('DZ', "People's Democratic Republic of Algeria", 'Algeria', [], ['Algerian'], ['Algiers']),
    _c('GH', 'Republic of Ghana', 'Ghana', [], ['Ghanaian'], ['Accra']),
    _c('TZ', 'United Republic of Tanzania', 'Tanzania', [], ['Tanzanian'], ['Dodoma']),
    _c('AO', 'Republic of Angola', 'Angola', [], ['Angolan'], ['Luanda']),
    _c('MZ', 'Republic of Mozambique', 'Mozambique', [], ['Mozambican'], ['Maputo']),
    _c('ZM', 'Republic of Zambia', 'Zambia', [], ['Zambian'], ['Lusaka']),
    _c('CD', 'Democratic Republic of the Congo', 'DR Congo', ['DRC'], ['Congolese'], ['Kinshasa']),
]

# Cities that locate a company ("Osaka-based shipbuilder") but do not stand for a state.
CITIES = {
    'JP': ['Osaka', 'Nagoya', 'Yokohama', 'Kobe', 'Kyoto', 'Fukuoka', 'Nagasaki'],
    'KR': ['Busan', 'Changwon', 'Ulsan', 'Incheon', 'Daejeon', 'Geoje', 'Sacheon'],
    'CN': ['Shanghai', 'Shenzhen', 'Guangzhou', 'Tianjin', 'Wuhan', 'Chengdu', 'Hong Kong', 'Hangzhou'],
    'DE': ['Hamburg', 'Munich', 'Dresden', 'Frankfurt', 'Stuttgart', 'Düsseldorf', 'Cologne', 'Bremen', 'Kiel', 'Essen'],
    'FR': ['Toulouse', 'Lyon', 'Marseille', 'Bordeaux'],
    'GB': ['Manchester', 'Birmingham', 'Glasgow', 'Edinburgh'],
    'US': ['New York', 'Houston', 'Seattle', 'Chicago', 'San Francisco', 'Los Angeles', 'Boston', 'Dallas'],
    'BR': ['São Paulo', 'Sao Paulo', 'Rio de Janeiro', 'Belo Horizonte', 'Porto Alegre', 'São José dos Campos'],
    'CL': ['Valparaíso', 'Antofagasta', 'Concepción'],
    'PE': ['Callao', 'Arequipa', 'Cusco'],
    'PH': ['Cebu', 'Davao', 'Subic'],
    'PL': ['Gdańsk', 'Gdansk', 'Gdynia', 'Kraków', 'Krakow', 'Wrocław', 'Poznań', 'Stalowa Wola'],
    'IT': ['Milan', 'Turin', 'Genoa', 'Naples'],
    'ES': ['Barcelona', 'Bilbao', 'Seville', 'Valencia'],
    'IN': ['Mumbai', 'Bengaluru', 'Bangalore', 'Chennai', 'Hyderabad', 'Kolkata'],
    'AE': ['Dubai'],
    'TR': ['Istanbul', 'Izmir'],
    'AU': ['Sydney', 'Melbourne', 'Perth', 'Brisbane'],
    'CA': ['Toronto', 'Montreal', 'Vancouver', 'Calgary'],
    'NL': ['Rotterdam', 'Eindhoven'],
    'CH': ['Zurich', 'Geneva', 'Basel'],
    'SE': ['Gothenburg', 'Linköping'],
    'VN': ['Ho Chi Minh City', 'Haiphong'],
}

# Regions and other place names that are never parties.
PLACES = {
    'Africa', 'Amazon', 'Antarctica', 'Arctic', 'Asia', 'Asia-Pacific', 'Atlantic', 'Baltic',
    'Black Sea', 'Caribbean', 'Central America', 'East China Sea', 'Europe', 'Gulf',
    'Indo-Pacific', 'Korean Peninsula', 'Latin America', 'Mediterranean', 'Middle East',
    'North America', 'Pacific', 'Red Sea', 'South America', 'South China Sea',
}

# Titles before a person's name. Heads of state or government represent their state.
HEAD_TITLES = [
    'President', 'Prime Minister', 'Chancellor', 'King', 'Queen', 'Emperor', 'Premier',
    'Crown Prince', 'Sultan', 'Emir',
]

OFFICIAL_TITLES = [
    'Vice President', 'Minister', 'Secretary', 'Ambassador', 'Governor', 'Mayor',
    'Secretary-General', 'Foreign Minister', 'Commissioner',
]

# Words that may qualify "Minister"/"Secretary" ("Deputy Defence Minister", "Finance Secretary").
MINISTER_QUALIFIERS = [
    'Prime', 'Deputy', 'Vice', 'First', 'Foreign', 'Defence', 'Defense', 'Economy', 'Economic', 'Economics',
    'Energy', 'Finance', 'Trade', 'Industry', 'Transport', 'Transportation', 'Mining', 'Mines',
    'Agriculture', 'Commerce', 'Interior', 'Health', 'Education', 'Environment', 'Labor', 'Labour',
    'Infrastructure', 'Development', 'Science', 'Technology', 'Digital', 'Climate', 'Investment',
    'State', 'Cabinet', 'Home',
]

CORPORATE_TITLES = [
    'chief executive officer', 'chief executive', 'CEO', 'chairman', 'chairwoman', 'chair',
    'president and CEO', 'managing director', 'general manager', 'executive director',
    'country director', 'regional director', 'director',
]

# Last words of company names ("Industries", "GmbH") and of state bodies ("Navy").
COMPANY_HEADS = {
    'AB', 'AG', 'ASA', 'Aerospace', 'Airlines', 'Airways', 'Automotive', 'Aviation', 'B.V.', 'BV',
    'Berhad', 'Bhd', 'Capital', 'Chemicals', 'Co', 'Co.', 'Company', 'Construction', 'Corp',
    'Corp.', 'Corporation', 'Defence', 'Defense', 'Dynamics', 'Electric', 'Electronics', 'Energy',
    'Engineering', 'Gas', 'GmbH', 'Group', 'Heavy', 'Holdings', 'Inc', 'Inc.', 'Industries',
    'Industry', 'K.K.', 'LLC', 'Labs', 'Limited', 'Lines', 'Logistics', 'Ltd', 'Ltd.', 'Marine',
    'Metals', 'Minerals', 'Mining', 'Motors', 'N.V.', 'NV', 'Oil', 'Oyj', 'PLC', 'Partners',
    'Petroleum', 'Pharmaceuticals', 'Power', 'Pte', 'Rail', 'Railways', 'Resources', 'S.A.',
    'S.p.A.', 'SA', 'SE', 'Semiconductor', 'Semiconductors', 'Shipbuilding', 'Shipping',
    'Solutions', 'SpA', 'Steel', 'Systems', 'Technologies', 'Technology', 'Telecom', 'Ventures',
    'plc',
}

GOVERNMENT_HEADS = {
    'Administration', 'Agency', 'Air Force', 'Armed Forces', 'Army', 'Authority', 'Bureau',
    'Cabinet', 'Coast Guard', 'Commission', 'Congress', 'Council', 'Customs', 'Department',
    'Directorate', 'Force', 'Forces', 'Government', 'Guard', 'Marines', 'Ministries', 'Ministry',
    'Navy', 'Office', 'Parliament', 'Police', 'Senate', 'Treasury',
}

STATE_ENTERPRISE_HEADS = {
    'Arsenal', 'Dockyard', 'Factory', 'Shipyard', 'Shipyards', 'Works',
}

BANK_HEADS = {
    'Bancorp', 'Bank', 'Fund',
}

INTERNATIONAL_HEADS = {
    'Alliance', 'Forum', 'Organisation', 'Organization', 'Programme', 'Union',
}

INTERNATIONAL_ORGANIZATIONS = {
    'ADB', 'AIIB', 'APEC', 'ASEAN', 'African Union', 'Andean Community',
    'Asia-Pacific Economic Cooperation', 'Asian Development Bank',
    'Asian Infrastructure Investment Bank', 'CAF', 'EIB', 'EU', 'European Commission',
    'European Investment Bank', 'European Union', 'Gulf Cooperation Council', 'IAEA', 'IDB', 'IMF',
    'Inter-American Development Bank', 'International Atomic Energy Agency',
    'International Monetary Fund', 'Mercosur', 'NATO', 'New Development Bank', 'OECD',
    'Organization of American States', 'Pacific Alliance', 'UN', 'UNESCO', 'UNICEF',
    'United Nations', 'WHO', 'WTO', 'World Bank', 'World Health Organization',
    'World Trade Organization',
}

# First words of names in Spanish or Portuguese, where the kind comes first.
ROMANCE_GOVERNMENT_HEADS = {
    'Agencia', 'Agência', 'Armada', 'Comisión', 'Comissão', 'Dirección', 'Ejército', 'Exército',
    'Força', 'Fuerza', 'Instituto', 'Marina', 'Marinha', 'Ministerio', 'Ministério', 'Secretaría',
    'Superintendencia',
}

ROMANCE_ENTERPRISE_HEADS = {
    'Astilleros', 'Empresa', 'Fábrica', 'Servicio', 'Servicios',
}

ROMANCE_COMPANY_HEADS = {
    'Banco', 'Companhia', 'Compañía', 'Corporación', 'Grupo', 'Minera', 'Sociedad',
}

# "Republic of X", "Ministry of X": words after which "of"/"for" continue a name.
NAME_CONTINUES_AFTER = {
    'Academy', 'Administration', 'Agency', 'Association', 'Authority', 'Bank', 'Board', 'Bureau',
    'Center', 'Centre', 'Chamber', 'Commission', 'Commonwealth', 'Community', 'Confederation',
    'Corporation', 'Council', 'Court', 'Department', 'Directorate', 'Emirates', 'Federation',
    'Forces', 'Fund', 'Government', 'Institute', 'Islands', 'Kingdom', 'Ministries', 'Ministry',
    'Office', 'Organisation', 'Organization', 'Port', 'Republic', 'Secretariat', 'Service',
    'State', 'States', 'Union', 'University',
}

# A capitalised name ending in one of these is a place or a thing, not a party.
PLACE_HEADS = {
    'Airport', 'Basin', 'Bay', 'Bridge', 'Canal', 'City', 'Coast', 'Corridor', 'Dam', 'Desert',
    'District', 'Field', 'Gulf', 'Hall', 'Harbor', 'Harbour', 'Highway', 'Island', 'Islands',
    'Line', 'Mine', 'Mountains', 'Ocean', 'Palace', 'Park', 'Peninsula', 'Plant', 'Port',
    'Prefecture', 'Project', 'Province', 'Railway', 'Region', 'River', 'Sea', 'Square',
    'State House', 'Station', 'Strait', 'Street', 'Terminal', 'Valley', 'Zone',
}

# A capitalised name ending in one of these is an instrument ("Reciprocal Access Agreement").
INSTRUMENT_HEADS = {
    'Accord', 'Agreement', 'Charter', 'Communique', 'Communiqué', 'Convention', 'Deal',
    'Declaration', 'Memorandum', 'Pact', 'Partnership', 'Protocol', 'Statement', 'Treaty',
    'Understanding',
}

# Descriptions before or after a name: "Peru's state-owned shipyard SIMA".
COMPANY_NOUNS = [
    'company', 'firm', 'shipbuilder', 'shipyard', 'maker', 'manufacturer', 'carmaker', 'automaker',
    'planemaker', 'aircraft maker', 'chipmaker', 'steelmaker', 'miner', 'producer', 'operator',
    'utility', 'conglomerate', 'group', 'supplier', 'exporter', 'developer', 'contractor',
    'lender', 'bank', 'insurer', 'startup', 'start-up', 'airline', 'carrier', 'giant', 'chaebol',
    'trader', 'refiner', 'builder', 'investor', 'fund', 'development bank', 'corporation',
    'enterprise', 'defence group', 'defense group', 'arms group', 'arms maker',
    'defense contractor', 'defence contractor',
]

GOVERNMENT_NOUNS = [
    'agency', 'ministry', 'department', 'authority', 'regulator', 'navy', 'army', 'air force',
    'coast guard', 'military', 'government', 'office', 'commission', 'administration',
    'space agency',
]

INTERNATIONAL_NOUNS = [
    'organization', 'organisation', 'bloc', 'multilateral lender',
]

STATE_OWNED = [
    'state-owned', 'state-run', 'state-controlled', 'government-owned', 'government-run',
    'publicly owned', 'state',
]

# Capitalised words that start sentences or name days and months: never a party by themselves.
STOPWORDS = {
    'A', 'According', 'After', 'All', 'Also', 'Although', 'Amid', 'An', 'Analysts', 'And',
    'Another', 'Apr', 'April', 'As', 'At', 'Aug', 'August', 'Because', 'Before', 'Besides',
    'Beyond', 'Bilateral', 'Both', 'But', 'By', 'Dec', 'December', 'Despite', 'Dr', 'During',
    'Each', 'Earlier', 'Feb', 'February', 'Five', 'Following', 'For', 'Four', 'Friday',
    'From', 'Further', 'He', 'Her', 'Here', 'His', 'How', 'However', 'I', 'If', 'In', 'Including',
    'It', 'Its', 'Jan', 'January', 'Jul', 'July', 'Jun', 'June', 'Last', 'Later', 'Many',
    'Mar', 'March', 'May', 'Meanwhile', 'Monday', 'Most', 'Mr', 'Mrs', 'Ms', 'Next', 'No',
    'Not', 'Nov', 'November', 'Oct', 'October', 'Of', 'Officials', 'On', 'Once', 'Other', 'Our',
    'Over', 'Saturday', 'Sep', 'Separately', 'Sept', 'September', 'Several', 'She',
    'Since', 'Some', 'Such', 'Sunday', 'That', 'The', 'Their', 'Then', 'There', 'These', 'They',
    'This', 'Those', 'Though', 'Three', 'Through', 'Thursday', 'To', 'Today', 'Together',
    'Tomorrow', 'Tuesday', 'Two', 'Under', 'Until', 'We', 'Wednesday', 'What', 'When', 'Where',
    'Which', 'While', 'Who', 'Why', 'With', 'Yes', 'Yesterday', 'Your',
}

# Currency words after an amount; symbols and codes before it.
CURRENCY_WORDS = {
    'dollar': 'USD', 'dollars': 'USD', 'us dollars': 'USD', 'u.s. dollars': 'USD',
    'australian dollars': 'AUD', 'canadian dollars': 'CAD', 'singapore dollars': 'SGD',
    'hong kong dollars': 'HKD', 'new zealand dollars': 'NZD', 'taiwan dollars': 'TWD',
    'euro': 'EUR', 'euros': 'EUR', 'yen': 'JPY', 'yuan': 'CNY', 'renminbi': 'CNY', 'won': 'KRW',
    'pound': 'GBP', 'pounds': 'GBP', 'pounds sterling': 'GBP', 'reais': 'BRL', 'reals': 'BRL',
    'soles': 'PEN', 'rupees': 'INR', 'rupee': 'INR', 'zloty': 'PLN', 'zlotys': 'PLN',
    'zlotych': 'PLN', 'roubles': 'RUB', 'rubles': 'RUB', 'swiss francs': 'CHF', 'rand': 'ZAR',
    'ringgit': 'MYR', 'baht': 'THB', 'rupiah': 'IDR', 'dong': 'VND', 'dirhams': 'AED',
    'riyals': 'SAR', 'lira': 'TRY', 'liras': 'TRY', 'kronor': 'SEK', 'shekels': 'ILS',
    'naira': 'NGN', 'chilean pesos': 'CLP', 'mexican pesos': 'MXN', 'philippine pesos': 'PHP',
    'colombian pesos': 'COP', 'argentine pesos': 'ARS', 'pesos': None,
}

CURRENCY_SYMBOLS = {
    'US$': 'USD', 'U.S.$': 'USD', 'A$': 'AUD', 'AU$': 'AUD', 'C$': 'CAD', 'CA$': 'CAD',
    'NZ$': 'NZD', 'S$': 'SGD', 'HK$': 'HKD', 'NT$': 'TWD', 'R$': 'BRL', 'CN¥': 'CNY', 'RMB': 'CNY',
    'S/.': 'PEN', 'S/': 'PEN', '$': 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₩': 'KRW',
    '₹': 'INR', '₱': 'PHP', 'zł': 'PLN',
}

CURRENCY_CODES = {
    'AED', 'ARS', 'AUD', 'BRL', 'CAD', 'CHF', 'CLP', 'CNY', 'COP', 'DKK', 'EGP', 'EUR', 'GBP',
    'HKD', 'IDR', 'ILS', 'INR', 'JPY', 'KRW', 'KZT', 'MXN', 'MYR', 'NGN', 'NOK', 'NZD', 'PEN',
    'PHP', 'PLN', 'QAR', 'RUB', 'SAR', 'SEK', 'SGD', 'THB', 'TRY', 'TWD', 'USD', 'VND', 'ZAR',
}

SCALES = {
    'thousand': 1000, 'k': 1000, 'million': 1000000, 'mn': 1000000, 'm': 1000000,
    'billion': 1000000000, 'bn': 1000000000, 'b': 1000000000, 'trillion': 1000000000000,
    'tn': 1000000000000,
}

# Capitalised adjectives of regions: "European industry" names no party.
REGIONAL_ADJECTIVES = {
    'African', 'Arab', 'Asian', 'Atlantic', 'Central Asian', 'Eastern', 'European', 'Gulf',
    'Latin', 'Latin American', 'Nordic', 'Pacific', 'Southeast Asian', 'Western',
}
# fmt: on


@dataclass
class CountryIndex:
    """Look-ups over COUNTRIES by any name, demonym, capital or city."""

    by_name: dict = field(default_factory=dict)
    by_demonym: dict = field(default_factory=dict)
    by_capital: dict = field(default_factory=dict)
    by_city: dict = field(default_factory=dict)
    by_code: dict = field(default_factory=dict)

    @classmethod
    def build(cls):
        index = cls()
        for country in COUNTRIES:
            index.by_code[country.code] = country
            for name in country.names:
                index.by_name.setdefault(name, country)
                if name.startswith("the "):
                    index.by_name.setdefault(name[4:], country)
            for demonym in country.demonyms:
                index.by_demonym.setdefault(demonym, country)
            for capital in country.capitals:
                index.by_capital.setdefault(capital, country)
        for code, cities in CITIES.items():
            for city in cities:
                index.by_city.setdefault(city, index.by_code[code])
        for country in COUNTRIES:
            for capital in country.capitals:
                index.by_city.setdefault(capital, country)
        return index


COUNTRY_INDEX = CountryIndex.build()
