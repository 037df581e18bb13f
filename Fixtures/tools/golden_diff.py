"""What changed in the golden run (Fixtures/expected) since a commit, column by column: which
cells of the old columns changed, which columns are new, which manifest keys differ.

    python3 Fixtures/tools/golden_diff.py BASE_COMMIT [COLUMN ...]

COLUMN: old columns whose changes are expected (e.g. ci_low ci_high); every other old cell must
be unchanged, and the units of content3.json must be equal outside the interval keys.
"""
import csv, io, json, subprocess, sys

base, expected = sys.argv[1], set(sys.argv[2:])
old = lambda path: subprocess.run(['git', 'show', f'{base}:{path}'], capture_output=True, text=True, check=True).stdout
status = 0
for name in ('content3.csv', 'content3-criteria.csv'):
    path = 'Fixtures/expected/' + name
    a = list(csv.DictReader(io.StringIO(old(path).lstrip('\ufeff'))))
    b = list(csv.DictReader(open(path, encoding='utf-8-sig')))
    other = sum(x[k] != y[k] for x, y in zip(a, b) for k in x if k not in expected) + abs(len(a) - len(b))
    allowed = sum(x[k] != y[k] for x, y in zip(a, b) for k in x if k in expected)
    print(f'{name}: {len(b)} rows; other cells changed: {other}; expected cells changed: {allowed}; '
          f'new columns: {[k for k in b[0] if k not in a[0]]}')
    status |= other > 0
interval_keys = {'interval', 'intervalBasis', 'populationByGroup', 'design', 'standardError'}
def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k not in interval_keys}
    return [strip(v) for v in x] if isinstance(x, list) else x
a, b = json.loads(old('Fixtures/expected/content3.json')), json.load(open('Fixtures/expected/content3.json'))
same = strip(a['units']) == strip(b['units'])
print('content3.json units equal outside the interval keys:', same)
print('manifest keys that differ:', sorted(k for k in set(a['manifest']) | set(b['manifest']) if a['manifest'].get(k) != b['manifest'].get(k)))
sys.exit(status or not same)
