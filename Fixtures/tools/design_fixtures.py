"""Writes Fixtures/design/: a small set, responses and a council file for the interval checks against
R's survey package (IntervalPeerTests, Tests/peer/intervals.R) and the rank intervals (RankIntervalTests). Every design the README names is there:
a census (X1's commune delegates, X4's provincial ones), a near-census (58 of 60 provincial
delegates), interviews clustered by 10, 3, 2 and 1 interviewers, groups of 2 and 5, shares of 0
(CQ3) and 1 (X4), and communes fed by three groups. Seeded: the same bytes every run.

    python3 Fixtures/tools/design_fixtures.py
"""
import csv, os, random

ROOT = os.path.join(os.path.dirname(__file__), '..', 'design')
SET = os.path.join(ROOT, 'set')
CHOICES = [('tot', 'Tốt', '1'), ('kha', 'Khá', '0.75'), ('tb', 'Trung bình', '0.5'), ('yeu', 'Yếu', '0.25'),
           ('kem', 'Kém', '0'), ('kb', 'Không biết', '')]
UNITS = [('CQ1', '01', 'Sở Một', 'sở'), ('CQ2', '01', 'Sở Hai', 'sở'), ('CQ3', '01', 'Sở Ba', 'sở'),
         ('X1', '03', 'Xã Một', 'xã'), ('X2', '03', 'Xã Hai', 'xã'), ('X3', '03', 'Xã Ba', 'xã'), ('X4', '03', 'Xã Bốn', 'xã')]
# Per form: its group and scored questions (name, sub-criterion).
FORMS = {
    'tinh': ('g_tinh', [('a1', 'A.1'), ('a2', 'A.1'), ('d', 'D.1')]),
    'xa': ('g_xa', [('b1', 'B.1'), ('d', 'D.1')]),
    'dan': ('g_dan', [('c1', 'C.1'), ('c2', 'C.1'), ('d', 'D.1')]),
}


def write(path, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', newline='', encoding='utf-8') as f:
        csv.writer(f, lineterminator='\n').writerows(rows)


def write_set():
    # Provincial delegates give their code (ma_db), so one who rated several units is known as one.
    write(os.path.join(SET, 'set.csv'), [['key', 'value'], ['title', 'Bộ kiểm tra khoảng tin cậy'], ['province', 'Thử'],
                                         ['year', '2025'], ['content_points', '12'], ['respondent_id_questions', 'ma_db'],
                                         ['personal_data_questions', 'ma_db:dedupe']])
    write(os.path.join(SET, 'indices.csv'), [['code', 'title', 'official_units'], ['01', 'Chỉ số 01 – Sở', 'no'],
                                             ['03', 'Chỉ số 03 – Xã', 'no']])
    write(os.path.join(SET, 'groups.csv'), [['code', 'name', 'indices'], ['g_tinh', 'Đại biểu HĐND tỉnh', '01 03'],
                                            ['g_xa', 'Đại biểu HĐND xã', '03'], ['g_dan', 'Người dân', '01 03']])
    write(os.path.join(SET, 'official-communes.csv'), [['code', 'name']])
    write(os.path.join(SET, 'units.csv'), [['code', 'index', 'name', 'type']] + [list(u) for u in UNITS])
    head = ['index', 'criterion', 'criterion_name', 'subcriterion', 'subcriterion_name', 'max_points', 'groups', 'method',
            'threshold', 'min_respondents', 'low_sample']
    rows = [head]
    for index, m, subs in [('01', '4', [('A', 'g_tinh', 'mean', ''), ('C', 'g_dan', 'mean', ''),
                                        ('D', 'g_tinh=0.5 g_dan=0.5', 'share', '0.75')]),
                           ('03', '3', [('A', 'g_tinh', 'mean', ''), ('B', 'g_xa', 'mean', ''), ('C', 'g_dan', 'mean', ''),
                                        ('D', 'g_tinh=0.3 g_xa=0.3 g_dan=0.4', 'share', '0.75')])]:
        for c, groups, method, threshold in subs:
            rows.append([index, c, 'Tiêu chí ' + c, c + '.1', 'Thành phần ' + c + '.1', m, groups, method, threshold, '2', 'flag'])
    write(os.path.join(SET, 'blueprint.csv'), rows)
    write(os.path.join(SET, 'rosters.csv'), [['group', 'index', 'unit_code', 'population'], ['g_tinh', '', '', '60'],
                                             ['g_xa', '03', 'X1', '15'], ['g_xa', '03', 'X2', '20'], ['g_xa', '03', 'X3', '25']])
    # Half the units of an index may be excellent, so that the bootstrap's P(excellent) has work to do.
    write(os.path.join(SET, 'ranking.csv'), [['key', 'value'], ['ranking_key', 'percent'], ['council_maxima', 'c1=45 c2=35 c4=5 c5=3'],
                                             ['completed', '60'], ['good', '75'], ['excellent', '90'], ['reform_average', '50'],
                                             ['reform_fair', '70'], ['reform_good', '80'], ['quota_share', '0.5'], ['quota_rounding', 'down']])
    # The same council points for every unit (84 of 88): Content 3 alone orders them, and 6 of 12 makes 90 %.
    write(os.path.join(ROOT, 'council.csv'), [['unit_code', 'c1_points', 'c1_max', 'c2_points', 'c2_max', 'c4_points', 'c4_max',
                                               'c5_points', 'c5_max', 'c6_points', 'disciplined']]
          + [[u[0], '43', '', '33', '', '5', '', '3', '', '0', '0'] for u in UNITS])
    for form, (group, questions) in FORMS.items():
        folder = os.path.join(SET, 'forms', form)
        survey = [['type', 'name', 'label', 'required', 'subcriterion']]
        if group == 'g_dan':
            survey.append(['text', 'ma_dtv', 'Mã điều tra viên', 'yes', ''])
        if group == 'g_tinh':
            survey.append(['text', 'ma_db', 'Mã đại biểu', 'yes', ''])
        survey.append(['select_one don_vi_list', 'don_vi', 'Đơn vị', 'yes', ''])
        survey += [['select_one muc', q, 'Câu ' + q, '', k] for q, k in questions]
        write(os.path.join(folder, 'survey.csv'), survey)
        indices = {'g_tinh': ('01', '03'), 'g_xa': ('03',), 'g_dan': ('01', '03')}[group]
        write(os.path.join(folder, 'choices.csv'), [['list_name', 'name', 'label', 'score']]
              + [['don_vi_list', u[0], u[2], ''] for u in UNITS if u[1] in indices]
              + [['muc', n, l, s] for n, l, s in CHOICES])
        write(os.path.join(folder, 'settings.csv'), [['form_id', 'respondent_group', 'unit_question'], ['f_' + form, group, 'don_vi']])


def answer(rng, level):
    """A choice around `level` (0–1); one in twelve "Không biết", one in twenty-five blank."""
    x = rng.random()
    if x < 1 / 25:
        return ''
    if x < 1 / 25 + 1 / 12:
        return 'kb'
    value = min(1, max(0, rng.gauss(level, 0.25)))
    return CHOICES[min(4, round((1 - value) * 4))][0]


def write_responses():
    rng = random.Random(2027)
    # (unit, group): how many answer, and for citizens the interviews per interviewer.
    plan = {
        'tinh': [('CQ1', 58), ('CQ2', 58), ('CQ3', 5), ('X1', 58), ('X2', 58), ('X3', 2), ('X4', 60)],
        'xa': [('X1', 15), ('X2', 18), ('X3', 5), ('X4', 2)],
        'dan': [('CQ1', [4] * 10), ('CQ2', [5] * 3), ('CQ3', [6, 6]), ('X1', [3] * 10), ('X2', [4] * 3), ('X3', [5, 5]),
                ('X4', [6])],
    }
    for form, units in plan.items():
        group, questions = FORMS[form]
        header = ['submission_id', 'submitted_at'] + (['ma_dtv'] if form == 'dan' else []) + (['ma_db'] if form == 'tinh' else []) \
            + ['don_vi'] + [q for q, _ in questions]
        rows, n = [header], 0
        for unit, size in units:
            level = rng.uniform(0.45, 0.85)
            interviewers = size if isinstance(size, list) else [size]
            delegates = sorted(rng.sample(range(1, 61), size)) if form == 'tinh' else []
            for j, count in enumerate(interviewers):
                shift = rng.gauss(0, 0.12) if form == 'dan' else 0
                for _ in range(count):
                    n += 1
                    answers = [answer(rng, level + shift) for _ in questions]
                    blanks = [i for i, a in enumerate(answers) if a in ('', 'kb')]
                    for i in blanks[1:] if count > 2 else blanks:  # every row accepted; a group of two all counted
                        answers[i] = 'tb'
                    if unit == 'CQ3' and form in ('tinh', 'dan'):
                        answers[-1] = 'kem'  # D.1: a share of 0
                    if unit == 'X4':
                        answers[-1] = 'tot'  # D.1: a share of 1
                    rows.append([f'{form}-{n:04d}', f'2025-10-{1 + n % 28:02d}T08:00:00']
                                + ([f'DTV-{unit}-{j + 1}'] if form == 'dan' else [])
                                + ([f'DB-{delegates.pop(0):02d}'] if form == 'tinh' else []) + [unit] + answers)
        write(os.path.join(ROOT, 'responses', form + '.csv'), rows)


if __name__ == '__main__':
    write_set()
    write_responses()
