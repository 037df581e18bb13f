#!/usr/bin/env python3
"""Do the 95 % intervals cover the truth 95 % of the time? A seeded simulation (docs/uncertainty.md).

    python3 Benchmarks/coverage.py [--provinces 500] [--seed 2027] [--replicates 1000] [--khaosat .build/release/khaosat]

Each simulated province uses the design set (Fixtures/design/set: rosters of 60 provincial and
15–25 commune delegates, citizens interviewed by 10, 3, 2 or 1 interviewers) with its units' true
levels drawn afresh. Rostered groups: a roster of N people with fixed answers, n drawn without
replacement; the truth is the roster's own mean. Citizens: each interviewer shifts the answers
(σ = 0.12 on the 0–1 scale), each answer has noise (σ = 0.25) and is cut into the five choices;
each of the 60 provincial delegates is more or less lenient with every unit (σ = 0.08), so the
units they rated move together;
the truth is the expected credit over interviewers and answers, integrated numerically. One
answer in eight is "Không biết" (not counted). KhaoSat converts every province; the script counts
how often [ci_low, ci_high] holds the true points, per group kind, for the combined share and for
the Content 3 total; and, with the same council points for every unit (Fixtures/design/council.csv),
how often the rank interval of `khaosat rank` (from `convert --replicates`) holds the rank the true
points give. Interval ends are rounded to 2 decimals: the truth is compared rounded the same way.
"""
import argparse, collections, csv, math, os, random, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SET = os.path.join(ROOT, 'Fixtures', 'design', 'set')
COUNCIL = os.path.join(ROOT, 'Fixtures', 'design', 'council.csv')
KEY = os.path.join(ROOT, 'Fixtures', 'keys', 'demo.key')  # the delegates' codes are personal data
CHOICES = ['tot', 'kha', 'tb', 'yeu', 'kem']          # scores 1, 0.75, 0.5, 0.25, 0
NOISE, SHIFT, LENIENCY = 0.25, 0.12, 0.08
UNITS = {'CQ1': '01', 'CQ2': '01', 'CQ3': '01', 'X1': '03', 'X2': '03', 'X3': '03', 'X4': '03'}
# (group, unit) → how many answer (rostered: of N) / interviews per interviewer (citizens).
PLAN = {
    'g_tinh': {u: (58 if u in ('CQ1', 'CQ2', 'X1', 'X2') else {'CQ3': 5, 'X3': 2, 'X4': 60}[u]) for u in UNITS},
    'g_xa': {'X1': 15, 'X2': 18, 'X3': 5, 'X4': 2},
    'g_dan': {'CQ1': [4] * 10, 'CQ2': [5] * 3, 'CQ3': [6, 6], 'X1': [3] * 10, 'X2': [4] * 3, 'X3': [5, 5], 'X4': [6]},
}
ROSTER = {('g_tinh', u): 60 for u in UNITS} | {('g_xa', 'X1'): 15, ('g_xa', 'X2'): 20, ('g_xa', 'X3'): 25}
FORMS = {'g_tinh': ('tinh', [('a1', 'A.1'), ('a2', 'A.1'), ('d', 'D.1')]), 'g_xa': ('xa', [('b1', 'B.1'), ('d', 'D.1')]),
         'g_dan': ('dan', [('c1', 'C.1'), ('c2', 'C.1'), ('d', 'D.1')])}
BLUEPRINT = {'01': {'A.1': (4, {'g_tinh': 1}), 'C.1': (4, {'g_dan': 1}), 'D.1': (4, {'g_tinh': 0.5, 'g_dan': 0.5})},
             '03': {'A.1': (3, {'g_tinh': 1}), 'B.1': (3, {'g_xa': 1}), 'C.1': (3, {'g_dan': 1}),
                    'D.1': (3, {'g_tinh': 0.3, 'g_xa': 0.3, 'g_dan': 0.4})}}


def choice_probabilities(level):
    """P(choice j) when value = clip(N(level, NOISE), 0, 1) and j = round((1 − value) × 4)."""
    cdf = lambda x: 0.5 * (1 + math.erf((x - level) / (NOISE * math.sqrt(2))))
    cuts = [1.0, 0.875, 0.625, 0.375, 0.125, 0.0]  # value ranges of tot, kha, tb, yeu, kem
    p = [cdf(cuts[j]) - cdf(cuts[j + 1]) for j in range(5)]
    p[0] += 1 - cdf(1.0)
    p[4] += cdf(0.0)
    return p


def expected(level, shift=SHIFT):
    """(E score, P(score ≥ 0.75)) of one answer, over the interviewer's normal shift (a 400-point grid to ±6 σ)."""
    if shift == 0:
        p = choice_probabilities(level)
        return sum(pj * (1 - j / 4) for j, pj in enumerate(p)), p[0] + p[1]
    nodes = [(-6 + 12 * (i + 0.5) / 400) for i in range(400)]
    weights = [math.exp(-z * z / 2) for z in nodes]
    total = sum(weights)
    score = share = 0.0
    for z, w in zip(nodes, weights):
        p = choice_probabilities(level + shift * z)
        score += w * sum(pj * (1 - j / 4) for j, pj in enumerate(p))
        share += w * (p[0] + p[1])
    return score / total, share / total


def draw(rng, level):
    value = min(1, max(0, rng.gauss(level, NOISE)))
    return CHOICES[min(4, round((1 - value) * 4))]


def person(rng, level, questions):
    answers = [draw(rng, level) for _ in questions]
    if rng.random() < 1 / 8:
        answers[rng.randrange(len(answers))] = 'kb'
    return answers


def credits(answers, questions):
    """Per sub-criterion, the mean score of the counted answers (None: none counted)."""
    by = {k: [] for _, k in questions}
    for a, (_, k) in zip(answers, questions):
        if a != 'kb':
            by[k].append(1 - CHOICES.index(a) / 4)
    return {k: (sum(v) / len(v) if v else None) for k, v in by.items()}


def province(rng, folder):
    """Writes one province's responses; returns the true points per (unit, sub-criterion or '')."""
    levels = {u: rng.uniform(0.45, 0.85) for u in UNITS}
    # The provincial council: 60 delegates, each more or less lenient with every unit they rate.
    leniency = [rng.gauss(0, LENIENCY) for _ in range(60)]
    truth_group = {}
    rows = {g: [] for g in FORMS}
    n = 0
    for g, plan in PLAN.items():
        form, questions = FORMS[g]
        for unit, size in plan.items():
            if g == 'g_dan':
                for j, count in enumerate(size):
                    shift = rng.gauss(0, SHIFT)
                    for _ in range(count):
                        n += 1
                        rows[g].append([f'{form}-{n}', '2025-10-01T08:00:00', f'DTV-{unit}-{j}', unit]
                                       + person(rng, levels[unit] + shift, questions))
                score, share = expected(levels[unit])
                truth_group[(g, unit, 'C.1')], truth_group[(g, unit, 'D.1')] = score, share
                continue
            if (g, unit) not in ROSTER:  # neither rostered nor interviewed: the truth is the model's
                for _ in range(size):
                    n += 1
                    rows[g].append([f'{form}-{n}', '2025-10-01T08:00:00', unit] + person(rng, levels[unit], questions))
                score, share = expected(levels[unit], shift=0)
                truth_group[(g, unit, FORMS[g][1][0][1])], truth_group[(g, unit, 'D.1')] = score, share
                continue
            if g == 'g_tinh':
                roster = [person(rng, levels[unit] + leniency[j], questions) for j in range(60)]
            else:
                roster = [person(rng, levels[unit], questions) for _ in range(ROSTER[(g, unit)])]
            for k in {k for _, k in questions}:
                values = [c[k] for c in map(lambda a: credits(a, questions), roster) if c[k] is not None]
                if k == 'D.1':
                    values = [1.0 if v >= 0.75 else 0.0 for v in values]
                truth_group[(g, unit, k)] = sum(values) / len(values)
            for j in sorted(rng.sample(range(len(roster)), size)):
                n += 1
                rows[g].append([f'{form}-{n}', '2025-10-01T08:00:00'] + ([f'DB-{j + 1:02d}'] if g == 'g_tinh' else [])
                               + [unit] + roster[j])
    for g, (form, questions) in FORMS.items():
        header = ['submission_id', 'submitted_at'] + (['ma_dtv'] if g == 'g_dan' else []) + (['ma_db'] if g == 'g_tinh' else []) \
            + ['don_vi'] + [q for q, _ in questions]
        with open(os.path.join(folder, form + '.csv'), 'w', newline='', encoding='utf-8') as f:
            csv.writer(f).writerows([header] + rows[g])
    truth = {}
    for unit, index in UNITS.items():
        total = 0.0
        for k, (points, weights) in BLUEPRINT[index].items():
            value = points * sum(w * truth_group[(g, unit, k)] for g, w in weights.items()) / sum(weights.values())
            truth[(unit, k)] = value
            total += value
        truth[(unit, '')] = total
    return truth


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--provinces', type=int, default=500)
    ap.add_argument('--seed', type=int, default=2027)
    ap.add_argument('--replicates', type=int, default=1000)
    ap.add_argument('--khaosat', default=os.path.join(ROOT, '.build', 'release', 'khaosat'))
    ap.add_argument('--set', default=SET, help='a copy of Fixtures/design/set, to go on editing the repository meanwhile')
    args = ap.parse_args()
    covered = collections.Counter()
    seen = collections.Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for p in range(args.provinces):
            rng = random.Random(args.seed * 100003 + p)
            truth = province(rng, tmp)
            out = os.path.join(tmp, 'run')
            subprocess.run([args.khaosat, 'convert', '--questionnaires', args.set, '--key-file', KEY, '--out', out, '--reproducible',
                            '--replicates', str(args.replicates), '--seed', str(p + 1)]
                           + [os.path.join(tmp, f + '.csv') for f in ('dan', 'tinh', 'xa')], check=True, capture_output=True)
            subprocess.run([args.khaosat, 'rank', '--run', out, '--council', COUNCIL], check=True, capture_output=True)
            for r in csv.DictReader(open(os.path.join(out, 'ranking.csv'), encoding='utf-8-sig')):
                peers = [u for u, i in UNITS.items() if i == r['index']]
                true_rank = 1 + sum(truth[(u, '')] > truth[(r['unit_code'], '')] for u in peers)
                seen['rank interval'] += 1
                covered['rank interval'] += int(r['rank_low']) <= true_rank <= int(r['rank_high'])
            lines = [(r['unit_code'], r['subcriterion'], r) for r in csv.DictReader(open(os.path.join(out, 'content3-criteria.csv'), encoding='utf-8-sig'))
                     if r['status'] != 'total']
            lines += [(r['unit_code'], '', r) for r in csv.DictReader(open(os.path.join(out, 'content3.csv'), encoding='utf-8-sig'))]
            for unit, k, r in lines:
                if not r['ci_low']:
                    continue
                kind = ('total ' if k == '' else 'share ' if k == 'D.1' else '') + r['ci_basis']
                if k not in ('', 'D.1'):  # one group: say whether it is small
                    n = max(int(v) for c, v in r.items() if c.startswith('respondents_') and v)
                    kind += ' (n ≤ 5)' if n <= 5 else ' (n > 5)'
                seen[kind] += 1
                covered[kind] += float(r['ci_low']) <= round(truth[(unit, k)] + 1e-9, 2) <= float(r['ci_high'])
    print(f'{args.provinces} provinces, seed {args.seed}')
    print('| intervals | n | covered |')
    print('|---|---:|---:|')
    for kind in sorted(seen):
        print(f'| {kind} | {seen[kind]} | {100 * covered[kind] / seen[kind]:.1f} % |')


if __name__ == '__main__':
    sys.exit(main())
