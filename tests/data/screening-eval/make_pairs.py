#!/usr/bin/env python3
"""Builds pairs.csv, the screening evaluation set, from public files.

Run from the repository root:  python3 tests/data/screening-eval/make_pairs.py [SHARED_DIR]
SHARED_DIR defaults to ../shared/data/screening. Deterministic: the same inputs give
byte-identical output (no randomness; choices are made by CRC32 of the names).

Sources (see PROVENANCE.md beside this file):
  cases.csv            nomenklatura name_bench pairs (MIT), copied as they are
  sdn.csv + watchman-ofac-alt.csv  OFAC SDN names and their a.k.a. alternate names:
                       alias groups as positives, and the generated hard negatives
  UN_consolidated.xml  UN Security Council list: names in their original script
                       (Arabic, Cyrillic) against the list's Latin name
  cross-script-authored.csv  a small hand-written cross-script set (see its header)

Split: tune / test by CRC32 of the pair's group (the list entry it comes from, or for
cases.csv the pair itself), so that variants of one entry never straddle the split.
"""
import csv, re, sys, zlib, html, unicodedata, os

here = os.path.dirname(os.path.abspath(__file__))
shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, '../../../../shared/data/screening')

def crc(s):
    return zlib.crc32(s.encode('utf-8'))

def script_of(*names):
    scripts = set()
    for name in names:
        for ch in name:
            if ord(ch) > 0x24F and ch.isalpha():
                word = unicodedata.name(ch, 'UNKNOWN').split()[0]
                scripts.add({'CJK': 'Chinese', 'HANGUL': 'Korean', 'HIRAGANA': 'Japanese',
                             'KATAKANA': 'Japanese', 'MYANMAR': 'Burmese'}.get(word, word.title()))
                break
    return '+'.join(sorted(scripts)) if scripts else 'Latin'

rows = []
def add(group, category, schema, a, b, match, source):
    rows.append(dict(group=group, category=category, schema=schema, name1=a.strip(), name2=b.strip(),
                     is_match='true' if match else 'false', source=source))

# 1. name_bench pairs.
with open(os.path.join(shared, 'cases.csv'), encoding='utf-8') as f:
    for r in csv.DictReader(f):
        add('nb:' + r['name1'] + '|' + r['name2'], 'name_bench:' + r['case_group'],
            r['schema'], r['name1'], r['name2'], r['is_match'] == 'true', 'cases.csv')

# 2. OFAC SDN entries and aliases.
def read_ofac(path):
    data = open(path, encoding='latin-1').read().replace('\x1a', '')
    return [[c.strip() for c in r] for r in csv.reader(data.splitlines()) if r]

sdn = read_ofac(os.path.join(shared, 'sdn.csv'))
entries = {}
for r in sdn:
    kind = {'individual': 'Person', 'vessel': 'Vessel', 'aircraft': 'Airplane'}.get(r[2], 'Company')
    entries[r[0]] = dict(name=r[1], kind=kind, owner=r[10] if r[10] != '-0-' else '', aliases=[])
for r in read_ofac(os.path.join(shared, 'watchman-ofac-alt.csv')):
    if r[0] in entries and r[2] == 'aka':
        entries[r[0]]['aliases'].append(r[3])

def person_order(name):
    if ',' in name:
        last, first = name.split(',', 1)
        return (first.strip() + ' ' + last.strip()).strip()
    return name

def words(name):
    return re.findall(r"[a-z0-9]+", name.lower())

def related(a, b):
    """An alias whose words of 4+ letters share their first 4 letters with at least half of
    the other name's: a spelling variant, not an unrelated cover name or acronym, which no
    name comparison can find (screening finds those through the alias itself)."""
    wa = {w[:4] for w in words(a) if len(w) >= 4}
    wb = {w[:4] for w in words(b) if len(w) >= 4}
    if not wa or not wb:
        return False
    return 2 * len(wa & wb) >= max(len(wa), len(wb))

ids = sorted(entries, key=lambda e: crc('sdn' + e))
alias_pairs = 0
for e in ids:
    ent = entries[e]
    if ent['kind'] == 'Airplane':
        continue
    for alias in ent['aliases']:
        if alias_pairs >= 900:
            break
        if related(ent['name'], alias) and alias.upper() != ent['name'].upper():
            add('sdn:' + e, 'alias_group', ent['kind'], person_order(alias), ent['name'], True,
                'sdn.csv+watchman-ofac-alt.csv ent_num ' + e)
            alias_pairs += 1

# Generated variants of SDN organisation and vessel names.
orgs = [e for e in ids if entries[e]['kind'] == 'Company' and len(words(entries[e]['name'])) >= 2]
vessels = [e for e in ids if entries[e]['kind'] == 'Vessel']
LEGAL_SPELT = [('LTD', 'LIMITED'), ('LLC', 'LIMITED LIABILITY COMPANY'), ('CO.', 'COMPANY'),
               ('CORP', 'CORPORATION'), ('INC', 'INCORPORATED'), ('JSC', 'JOINT STOCK COMPANY'),
               ('PLC', 'PUBLIC LIMITED COMPANY'), ('SDN BHD', 'SENDIRIAN BERHAD'),
               ('GMBH', 'GESELLSCHAFT MIT BESCHRAENKTER HAFTUNG'), ('OOO', 'LLC'),
               ('S.A.', 'SOCIEDAD ANONIMA'), ('FZE', 'FREE ZONE ESTABLISHMENT')]
SIBLING_WORDS = ['TRADERS', 'TRANSPORTERS', 'SHIPPING', 'INVESTMENT', 'CONSTRUCTION', 'PETROCHEMICAL',
                 'ELECTRONICS', 'LOGISTICS', 'ENGINEERING', 'MARINE', 'AVIATION', 'TEXTILE', 'MINING']
AGENT_NOUNS = ['TRADER', 'TRANSPORTER', 'CARRIER', 'AVIATOR', 'BUILDER', 'DEVELOPER',
               'FORWARDER', 'MARINER', 'EXPLORER', 'INVESTOR', 'PARTNER', 'NAVIGATOR']
COUNTRIES = ['CYPRUS', 'MALTA', 'HONG KONG', 'UAE', 'PANAMA', 'TURKEY', 'SINGAPORE', 'LIBERIA',
             'MARSHALL ISLANDS', 'SEYCHELLES', 'BELIZE', 'INDIA']
ANNOTATIONS = ['{} (Registration Number {})', '{} Reg. No. {}', '{}, Company Number {}',
               '{} [registered under No. {}]', '{} (formerly known as OLD NAME {})']
LEGAL_RE = re.compile(r'\b((OPEN |CLOSED |PUBLIC )?JOINT STOCK COMPANY|LIMITED LIABILITY COMPANY|AKTSIONERNOE OBSHCHESTVO|INCORPORATED|CORPORATION|COMPANY|LIMITED|LTD|LLC|CO\.?|CORP|INC|JSC|PLC|GMBH|OOO|FZE|S\.A\.|SDN BHD)\b\.?', re.I)

def core(name):
    """The name without a legal form and without trailing punctuation."""
    return re.sub(r'[ ,.]+$', '', LEGAL_RE.sub('', name)).strip(' ,')

def pick(seq, key):
    return seq[crc(key) % len(seq)]

for n, e in enumerate(orgs[:1400]):
    name = entries[e]['name']
    base = core(name)
    if len(words(base)) < 2 or len(base.split()) < 2:
        continue
    group, src = 'sdn:' + e, 'generated from sdn.csv ent_num ' + e
    k = n % 7
    if k == 0:  # legal form spelt out, or another legal form of the same family
        short, long_ = pick(LEGAL_SPELT, e)
        add(group, 'legal_form_spelt', 'Company', base + ' ' + short, base + ' ' + long_, True, src)
    elif k == 1:  # siblings: the same name with another business word
        first, second = pick(SIBLING_WORDS, e), pick(SIBLING_WORDS, e + 's')
        if first != second:
            add(group, 'sibling_word', 'Company', f'{base} {first} LLC', f'{base} {second} LLC', False, src)
    elif k == 2:  # the same name in another jurisdiction / the same with one
        a, b = pick(COUNTRIES, e), pick(COUNTRIES, e + 'j')
        if a != b:
            add(group, 'other_jurisdiction', 'Company', f'{base} LTD ({a})', f'{base} LTD ({b})', False, src)
        add(group, 'jurisdiction_given', 'Company', f'{base} LTD ({a})', name, True, src)
    elif k == 3:  # holding against its operating company
        add(group, 'holding_operating', 'Company', base + ' HOLDING CO', base + ' OPERATING CO', False, src)
        add(group, 'holding_operating', 'Company', base + ' HOLDINGS LTD', base + ' SHIPPING LTD', False, src)
    elif k == 4:  # annotations and registry numbers around the name
        fmt = pick(ANNOTATIONS, e)
        add(group, 'annotation', 'Company', fmt.format(name, 1000000 + crc(e) % 8999999), name, True, src)
    elif k == 5:  # articles and particles joined or split
        w = base.split()
        j = crc(e) % (len(w) - 1)
        joined = ' '.join(w[:j] + [w[j] + w[j + 1]] + w[j + 2:])
        add(group, 'joined_split', 'Company', joined, name, True, src)
        add(group, 'joined_split', 'Company', 'AL ' + base, 'AL-' + base.replace(' ', ' ', 1), True, src)
    elif k == 6:  # singular against plural of an agent noun (Global Trader / Global Traders)
        noun = pick(AGENT_NOUNS, e)
        head = base.split()[0]
        add(group, 'singular_plural', 'Company', f'{head} {noun} LTD', f'{head} {noun}S LTD', False, src)

for n, e in enumerate(vessels):
    ent = entries[e]
    name, group, src = ent['name'], 'sdn:' + e, 'generated from sdn.csv ent_num ' + e
    k = n % 4
    if k == 0:  # vessel numerals
        add(group, 'vessel_numeral', 'Vessel', name + ' II', name + ' III', False, src)
    elif k == 1:
        prefix = pick(['MV', 'M/V', 'M.V.', 'MT', 'M/T'], e)
        add(group, 'vessel_prefix', 'Vessel', prefix + ' ' + name, name, True, src)
    elif k == 2:  # vessel against its owner (a one-ship company named after it)
        owner = name + ' ' + pick(['SHIPPING CO LTD', 'MARITIME INC', 'NAVIGATION LTD'], e)
        add(group, 'vessel_owner', 'Vessel|Company', name, owner, False, src)
        if ent['owner']:
            add(group, 'vessel_owner', 'Vessel|Company', name, ent['owner'], False, src)
    else:
        add(group, 'vessel_numeral', 'Vessel', name + ' 2', name + ' II', True, src)

# 3. UN list: original script against the Latin name.
xml = open(os.path.join(shared, 'UN_consolidated.xml'), encoding='utf-8').read()
un = []
for block in re.findall(r'<(INDIVIDUAL|ENTITY)>(.*?)</\1>', xml, re.S):
    kind, body = block
    tag = lambda t: html.unescape(m.group(1)).strip() if (m := re.search(f'<{t}>([^<]*)</{t}>', body)) else ''
    latin = ' '.join(x for x in (tag('FIRST_NAME'), tag('SECOND_NAME'), tag('THIRD_NAME'), tag('FOURTH_NAME')) if x)
    native = tag('NAME_ORIGINAL_SCRIPT')
    ref = tag('REFERENCE_NUMBER')
    if native and latin:
        un.append((ref, 'Person' if kind == 'INDIVIDUAL' else 'Company', native, latin))
un.sort(key=lambda x: crc(x[0]))
for ref, schema, native, latin in un:
    add('un:' + ref, 'cross_script', schema, native, latin, True, 'UN_consolidated.xml ' + ref)
# Hard negatives: the native name against the most similar other Latin name.
for ref, schema, native, latin in un:
    mine = set(words(latin))
    best = max((x for x in un if x[0] != ref and x[1] == schema),
               key=lambda x: (len(mine & set(words(x[3]))), -crc(ref + x[0])))
    if mine & set(words(best[3])):
        add('un:' + ref, 'cross_script', schema, native, best[3], False, 'UN_consolidated.xml ' + ref + ' vs ' + best[0])

# 4. The hand-written cross-script pairs.
with open(os.path.join(here, 'cross-script-authored.csv'), encoding='utf-8') as f:
    lines = [l for l in f if not l.startswith('#')]
for r in csv.DictReader(lines):
    add('auth:' + r['name1'], 'cross_script', r['schema'], r['name1'], r['name2'],
        r['is_match'] == 'true', 'cross-script-authored.csv')

out = os.path.join(here, 'pairs.csv')
seen = set()
with open(out, 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['id', 'split', 'category', 'script', 'schema', 'name1', 'name2', 'is_match', 'source'])
    n = 0
    for r in rows:
        key = (r['name1'], r['name2'], r['schema'])
        if key in seen or not r['name1'] or not r['name2']:
            continue
        seen.add(key)
        n += 1
        split = 'test' if crc(r['group']) % 2 else 'tune'
        w.writerow([n, split, r['category'], script_of(r['name1'], r['name2']), r['schema'],
                    r['name1'], r['name2'], r['is_match'], r['source']])
print(f'{out}: {n} pairs')
