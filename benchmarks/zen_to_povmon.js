#!/usr/bin/env node
// Convert the ZEN peer benchmark's households (shared/peers/zen, gen.js) into
// povmon Household JSON Lines, for the pack in benchmarks/peer-pack/.
//
//   node benchmarks/zen_to_povmon.js --in PEER.jsonl --out HOUSEHOLDS.jsonl \
//        [--peer PEER_DIR --reference REFERENCE.jsonl]
//
// With --peer (a copy of shared/peers/zen) and --reference, it also runs the
// peer's own oracle (PEER_DIR/policy.js, decide()) on every household and writes
// what it decided, in povmon's names, one line per household:
//   {"id", "category", "excluded", "risk_types", "per_capita_net_income_fen",
//    "total_income_fen", "rigid_expenditure_fen"}
// so that benchmarks/peer_check.cc can compare household by household.
//
// Mapping (see benchmarks/peer-pack/pack.textproto): whole yuan x 100 = fen;
// the peer's month m is 2024-m-15 (evaluate as of 2025-01-01: the rolling
// window is 2024-01-01..2024-12-31); age a on 2025-01-01 is a birth date of
// (2024 - a)-07-01; every member is registered and lives with the household.
'use strict';
const fs = require('fs');
const path = require('path');
const readline = require('readline');

function parseArgs(argv) {
  const o = { in: null, out: null, peer: null, reference: null };
  for (let i = 2; i < argv.length; i++) {
    const k = argv[i].replace(/^--/, '');
    if (!(k in o) || i + 1 >= argv.length) throw new Error(`unknown option or missing value: ${argv[i]}`);
    o[k] = argv[++i];
  }
  if (!o.in || !o.out) throw new Error('usage: zen_to_povmon.js --in PEER.jsonl --out OUT.jsonl [--peer DIR --reference REF.jsonl]');
  if (!!o.peer !== !!o.reference) throw new Error('--peer and --reference go together');
  return o;
}

const LABOUR = { FULL: 'LABOUR_CAPACITY_FULL', PARTIAL: 'LABOUR_CAPACITY_PARTIAL', NONE: 'LABOUR_CAPACITY_NONE' };
const INCOME = {
  WAGE: 'INCOME_KIND_WAGE',
  BUSINESS: 'INCOME_KIND_BUSINESS',
  PROPERTY: 'INCOME_KIND_PROPERTY',
  TRANSFER: 'INCOME_KIND_TRANSFER',
  INSURANCE_PAYOUT: 'INCOME_KIND_INSURANCE_CLAIM',
};
const EXPENDITURE = {
  EDUCATION: 'EXPENDITURE_KIND_EDUCATION',
  DAILY_CONSUMPTION: 'EXPENDITURE_KIND_DAILY_CONSUMPTION',
  PRODUCTION_COST: 'EXPENDITURE_KIND_PRODUCTION_COST',
};
const CATEGORY = {
  NONE: 'CATEGORY_NONE',
  UNSTABLE_LIFTED_OUT: 'CATEGORY_UNSTABLE_LIFTED_OUT',
  MARGINAL_AT_RISK: 'CATEGORY_MARGINAL_AT_RISK',
  SUDDEN_HARDSHIP: 'CATEGORY_SUDDEN_SEVERE_HARDSHIP',
};
const RISK = {
  ILLNESS: 'RISK_TYPE_ILLNESS',
  DISABILITY: 'RISK_TYPE_DISABILITY',
  NO_LABOR: 'RISK_TYPE_LACK_OF_LABOUR',
  EDUCATION: 'RISK_TYPE_SCHOOLING',
};

const fen = (yuan) => String(Math.round(yuan * 100));
const pad2 = (n) => String(n).padStart(2, '0');

function relation(i) {
  return i === 0 ? 'RELATION_HEAD' : 'RELATION_OTHER';
}

function convert(h) {
  const members = h.members.map((m, i) => {
    const out = {
      id: m.id,
      birth_date: `${2024 - m.age}-07-01`,
      relation: relation(i),
      registered: true,
      co_resident: true,
      labour_capacity: LABOUR[m.labor_capacity],
    };
    if (!out.labour_capacity) throw new Error(`${h.id}: labor_capacity ${m.labor_capacity}`);
    const health = {};
    if (m.serious_illness) health.serious_illness = true;
    if (m.disability_severe) health.disability_grade = 'DISABILITY_GRADE_1';
    if (Object.keys(health).length) out.health = health;
    if (m.student_private_high_fee) out.schooling = { high_fee_private_school: true };
    const job = {};
    if (m.public_employee_stable_salary) job.public_body_stable_salary = true;
    if (m.village_party_secretary) job.village_secretary_or_director = true;
    if (m.enterprise_legal_person) job.enterprise_legal_person_or_shareholder = true;
    if (Object.keys(job).length) out.employment = job;
    return out;
  });
  const income = [];
  const expenditure = [];
  for (const r of h.records) {
    const date = `2024-${pad2(r.month)}-15`;
    if (INCOME[r.kind]) {
      income.push({ date, kind: INCOME[r.kind], amount_fen: fen(r.amount) });
    } else if (r.kind === 'MEDICAL_OUT_OF_POCKET') {
      expenditure.push({
        date,
        kind: r.compliant === true ? 'EXPENDITURE_KIND_MEDICAL_COMPLIANT_OUT_OF_POCKET' : 'EXPENDITURE_KIND_MEDICAL_OTHER',
        amount_fen: fen(r.amount),
      });
    } else if (EXPENDITURE[r.kind]) {
      expenditure.push({ date, kind: EXPENDITURE[r.kind], amount_fen: fen(r.amount) });
    } else {
      throw new Error(`${h.id}: unknown record kind ${r.kind}`);
    }
  }
  const assets = [];
  if (h.assets.owns_car) assets.push({ kind: 'ASSET_KIND_CAR', origin: 'ASSET_ORIGIN_PURCHASED' });
  if (h.assets.owns_engineering_machinery) {
    assets.push({ kind: 'ASSET_KIND_ENGINEERING_MACHINERY', origin: 'ASSET_ORIGIN_PURCHASED' });
  }
  if (h.assets.owns_commercial_housing_in_town) {
    assets.push({ kind: 'ASSET_KIND_COMMERCIAL_HOUSING_IN_TOWN', origin: 'ASSET_ORIGIN_PURCHASED' });
  }
  const out = { id: h.id };
  if (h.lifted_out) out.lifted_out = true;
  out.members = members;
  if (income.length) out.income = income;
  if (expenditure.length) out.expenditure = expenditure;
  if (assets.length) out.assets = assets;
  if (h.prev_year_income) out.previous_period_income_fen = fen(h.prev_year_income);
  return out;
}

// The peer oracle's answer in povmon's names. Amounts are whole yuan, so
// total, rigid and (total - compliant) are exact integers; the per-capita
// figure in fen is floor((total - compliant) * 100 / members), which is what
// povmon's facts stage computes.
function reference(decide, h) {
  const d = decide(h);
  let compliant = 0;
  for (const r of h.records) if (r.kind === 'MEDICAL_OUT_OF_POCKET' && r.compliant === true) compliant += r.amount;
  const net = d.total_income - compliant;
  return {
    id: d.id,
    category: CATEGORY[d.category],
    excluded: d.excluded,
    risk_types: d.risk_tags.map((t) => RISK[t]),
    per_capita_net_income_fen: String(Math.floor((net * 100) / h.members.length)),
    total_income_fen: String(d.total_income * 100),
    rigid_expenditure_fen: String(d.rigid_expenditure * 100),
  };
}

async function main() {
  const o = parseArgs(process.argv);
  const decide = o.peer ? require(path.resolve(o.peer, 'policy.js')).decide : null;
  const out = fs.openSync(o.out, 'w');
  const ref = o.reference ? fs.openSync(o.reference, 'w') : null;
  const lines = readline.createInterface({ input: fs.createReadStream(o.in), crlfDelay: Infinity });
  let n = 0;
  let buf = [];
  let refBuf = [];
  const counts = {};
  const flush = () => {
    if (buf.length) fs.writeSync(out, buf.join('\n') + '\n');
    if (ref !== null && refBuf.length) fs.writeSync(ref, refBuf.join('\n') + '\n');
    buf = [];
    refBuf = [];
  };
  for await (const line of lines) {
    if (!line) continue;
    const h = JSON.parse(line);
    buf.push(JSON.stringify(convert(h)));
    if (decide) {
      const r = reference(decide, h);
      counts[r.category] = (counts[r.category] || 0) + 1;
      refBuf.push(JSON.stringify(r));
    }
    if (++n % 2000 === 0) flush();
  }
  flush();
  fs.closeSync(out);
  if (ref !== null) fs.closeSync(ref);
  console.error(`converted ${n} households to ${o.out}`);
  if (decide) console.error(`peer oracle categories: ${JSON.stringify(counts)} -> ${o.reference}`);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
