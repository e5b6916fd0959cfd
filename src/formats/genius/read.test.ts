/**
 * The GENIUS reader's rules on small hand-written files (no corpus needed): GENIUS 10.4's
 * evaluation rules, the quirk rules with their warnings, hyper-rectangles with maxutility, and
 * the safety checks.
 */
import { describe, expect, test } from 'vitest';
import { LancasterError } from '../../errors.ts';
import { OutcomeSpace } from '../../model/outcome-space.ts';
import {
  classifyGeniusXml,
  type GeniusDomain,
  partyIdFromFile,
  readGeniusDomain,
  readGeniusProfile,
  Warnings,
} from './read.ts';
import { parseXml } from './xml.ts';

const DOMAIN = `<negotiation_template>
<utility_space number_of_issues="3">
<objective index="0" etype="objective" type="objective" name="Test">
  <issue index="1" etype="discrete" type="discrete" name="Colour">
    <item index="1" value="red"/><item index="2" value="green"/><item index="3" value="blue"/>
  </issue>
  <issue index="2" etype="integer" type="integer" name="Days" lowerbound="2" upperbound="6"/>
  <issue index="3" etype="real" type="real" name="Price"><range lowerbound="0" upperbound="10"/></issue>
</objective>
</utility_space>
</negotiation_template>`;

function profile(body: string, extra = '<reservation value="0.25"/>', attrs = ''): string {
  return `<utility_space${attrs}>\n<objective index="0" name="Test">\n${body}\n</objective>\n${extra}\n</utility_space>`;
}

const LINEAR = `
  <issue index="1" type="discrete" name="Colour">
    <item index="1" value="red" evaluation="2"/><item index="2" value="green" evaluation="4"/><item index="3" value="blue" evaluation="1"/>
  </issue>
  <issue index="2" type="integer" name="Days" lowerbound="2" upperbound="6"><evaluator ftype="linear" offset="0.2" slope="0.3"/></issue>
  <issue index="3" type="real" name="Price"><evaluator ftype="linear" parameter0="1" parameter1="-0.1"/></issue>
  <weight index="1" value="0.5"/><weight index="2" value="0.3"/><weight index="3" value="0.2"/>`;

function load(profileText: string, domainText = DOMAIN) {
  const w = new Warnings();
  const domain: GeniusDomain = readGeniusDomain(parseXml(domainText, 'domain.xml'), w);
  const space = new OutcomeSpace(domain.issues.map((gi) => gi.issue));
  const p = readGeniusProfile(parseXml(profileText, 'p.xml'), domain, space, w);
  return { domain, space, p, warnings: w.list };
}

describe('GENIUS domain and profile rules', () => {
  test('files are told apart by their root element, not their name', () => {
    expect(classifyGeniusXml(parseXml(DOMAIN, 'profile.xml'))).toBe('domain');
    expect(classifyGeniusXml(parseXml(profile(LINEAR), 'domain.xml'))).toBe('profile');
    expect(classifyGeniusXml(parseXml('<pareto/>', 'x.xml'))).toBe('other');
  });

  test('issues: discrete values, integer range, real interval', () => {
    const { space } = load(profile(LINEAR));
    expect(space.issues.map((i) => [i.id, i.kind])).toEqual([
      ['colour', 'discrete'],
      ['days', 'integer'],
      ['price', 'real'],
    ]);
    expect(space.enumerable).toBe(false);
  });

  test('GENIUS evaluation rules: max-normalised items, clamped integer line from lowerbound, real line', () => {
    const { p, warnings } = load(profile(LINEAR));
    expect(warnings).toEqual([]);
    const u = p.utility;
    // green (4/4), days 2 → clamp01(0.2 + 0.3·0) = 0.2, price 5 → 1 − 0.5 = 0.5
    expect(u.evaluate([1, 2, 5])).toBeCloseTo(0.5 * 1 + 0.3 * 0.2 + 0.2 * 0.5, 15);
    // red (2/4), days 6 → clamp01(0.2 + 0.3·4) = 1, price 0 → 1
    expect(u.evaluate([0, 6, 0])).toBeCloseTo(0.5 * 0.5 + 0.3 * 1 + 0.2 * 1, 15);
    expect(p.reservationValue).toBe(0.25);
    expect(p.discountFactor).toBe(1);
  });

  test('a maximum evaluation below 1e-5 gives every item 0', () => {
    const body = LINEAR.replace('evaluation="2"', 'evaluation="0.000001"')
      .replace('evaluation="4"', 'evaluation="0.000009"')
      .replace('evaluation="1"', 'evaluation="0"');
    const { p } = load(profile(body));
    expect(p.utility.evaluate([1, 2, 10])).toBeCloseTo(0.3 * 0.2, 15);
  });

  test('quirks are handled by rule and reported with file and line', () => {
    const body = LINEAR.replace('evaluation="2"', '')
      .replace('value="blue" evaluation="1"', 'value="purple" evaluation="1"')
      .replace('<weight index="1" value="0.5"/>', '<weight index="1" value="1.4"/>');
    const { p, warnings } = load(profile(body, ''));
    const messages = warnings.map((w) => w.message).join('\n');
    expect(messages).toMatch(/no <reservation>: reservation value 0/);
    expect(messages).toMatch(/item\(s\) of issue "Colour" have no numeric evaluation/);
    expect(messages).toMatch(/value "purple" of issue "Colour" is not in the domain: ignored/);
    expect(messages).toMatch(/value "blue" of issue "Colour" has no item in the profile: evaluation 0/);
    expect(messages).toMatch(/weights sum to 1.9, not 1: taken as written, the total utility capped at 1/);
    expect(warnings.every((w) => w.severity === 'warning' && w.file === 'p.xml' && (w.line ?? 0) > 0)).toBe(
      true,
    );
    expect(p.reservationValue).toBe(0);
    // green 4/4 with weight 1.4: the total is capped at 1.
    expect(p.utility.evaluate([1, 6, 0])).toBe(1);
    expect(p.utility.evaluate([0, 2, 10])).toBeCloseTo(0.3 * 0.2, 15);
  });

  test('discount factors: GENIUS u·d^t, and a factor outside (0, 1] means none, with a warning', () => {
    expect(load(profile(LINEAR, '<discount_factor value="0.5"/>')).p.discountFactor).toBe(0.5);
    const bad = load(profile(LINEAR, '<discount_factor value="2"/>'));
    expect(bad.p.discountFactor).toBe(1);
    expect(bad.warnings.some((w) => /outside \(0, 1\]/.test(w.message))).toBe(true);
    expect(load(profile(LINEAR, '<discount_factor value="s"/>')).p.discountFactor).toBe(1);
  });

  test('an objective weight is not an issue weight', () => {
    const { p, warnings } = load(profile(`${LINEAR}<weight index="0" value="1.0"/>`));
    expect(warnings).toEqual([]);
    expect(p.utility.weights).toEqual([0.5, 0.3, 0.2]);
  });
});

const INT_DOMAIN = `<negotiation_template><utility_space><objective index="0" name="n">
  <issue index="1" type="integer" name="a" lowerbound="0" upperbound="9"/>
  <issue index="2" type="integer" name="b" lowerbound="0" upperbound="9"/>
</objective></utility_space></negotiation_template>`;

describe('nonlinear (hyper-rectangle) profiles', () => {
  const nonlinear = profile(
    `<issue index="1" type="integer" name="a" lowerbound="0" upperbound="9"/>
     <issue index="2" type="integer" name="b" lowerbound="0" upperbound="9"/>
     <utility maxutility="50"><ufun type="PlainUfun" weight="1" aggregation="sum">
       <hyperRectangle utility="30"><INCLUDES index="1" min="2" max="4"/><INCLUDES index="2" min="0" max="5"/></hyperRectangle>
       <hyperRectangle utility="25"><EXCLUDES index="2" min="3" max="9"/></hyperRectangle>
       <hyperRectangle utility="10"><INCLUDES index="1" min="0" max="0"/></hyperRectangle>
     </ufun></utility>`,
    '<reservation value="0.6"/><discount_factor value="0.9"/>',
    ' type="nonlinear"',
  );

  test('INCLUDES count inside every bound, EXCLUDES outside at least one; divided by maxutility, capped at 1', () => {
    const { p, space } = load(nonlinear, INT_DOMAIN);
    expect(p.nonlinear).toBe(true);
    const u = (a: number, b: number) => p.utility.evaluate([a, b]);
    expect(u(3, 1)).toBe(1); // (30 + 25) / 50 capped
    expect(u(3, 4)).toBeCloseTo(30 / 50, 15); // inside the EXCLUDES box: nothing from it
    expect(u(7, 1)).toBeCloseTo(25 / 50, 15);
    expect(u(0, 9)).toBeCloseTo(10 / 50, 15);
    expect(u(7, 9)).toBe(0);
    // The one-pass array agrees with evaluate() everywhere.
    const all = p.utility.utilities();
    for (let k = 0; k < space.size; k++) expect(all[k]).toBe(p.utility.evaluate(space.outcomeAt(k)));
    expect(p.reservationValue).toBe(0.6);
    expect(p.discountFactor).toBe(0.9);
  });
});

describe('safety and errors', () => {
  test('DOCTYPE/ENTITY are refused; malformed files give file, line and column', () => {
    expect(() => parseXml('<!DOCTYPE a SYSTEM "http://x">\n<a/>', 'a.xml')).toThrow(/DOCTYPE/);
    expect(() => parseXml('<a>\n<!ENTITY b "c">\n</a>', 'a.xml')).toThrow(LancasterError);
    try {
      parseXml('<a>\n  <b x="1" x="2"/>\n</a>', 'dup.xml');
      expect.unreachable();
    } catch (e) {
      expect((e as LancasterError).problems[0]).toMatchObject({
        code: 'XML_SYNTAX',
        file: 'dup.xml',
        line: 2,
      });
    }
    expect(() => parseXml('<a/><b/>', 'two.xml')).toThrow(/more than one root/);
  });

  test('deep nesting and too many tags are refused, not recursed into', () => {
    const deep = `${'<a>'.repeat(1000)}${'</a>'.repeat(1000)}`;
    expect(() => parseXml(deep, 'deep.xml')).toThrow(/nested/);
    const many = `<a>${'<b/>'.repeat(1_000_001)}</a>`;
    expect(() => parseXml(many, 'many.xml')).toThrow(/more than 1000000 tags/);
  });

  test('a broken domain names the element and what was expected', () => {
    try {
      load(profile(LINEAR), DOMAIN.replace('lowerbound="2"', 'lowerbound="x"'));
      expect.unreachable();
    } catch (e) {
      const p = (e as LancasterError).problems[0];
      expect(p?.code).toBe('GENIUS_FORMAT');
      expect(p?.line).toBe(7);
      expect(p?.message).toMatch(/Days/);
    }
  });

  test('party ids come from file names', () => {
    const taken = new Set<string>();
    expect(partyIdFromFile('laptop_buyer_utility.xml', taken)).toBe('laptop_buyer');
    expect(partyIdFromFile('Laptop-A-prof1.xml', taken)).toBe('laptop-a-prof1');
    expect(partyIdFromFile('Copy of MinisterProfile.xml', taken)).toBe('copy_of_ministerprofile');
    expect(partyIdFromFile('laptop_buyer.xml', taken)).toBe('laptop_buyer_2');
  });
});

describe('constraint profiles (GENIUS ConstraintUtilitySpace)', () => {
  const DOMAIN2 = `<negotiation_template><utility_space><objective index="0" name="T">
  <issue index="1" type="discrete" name="Who"><item index="1" value="A"/><item index="2" value="B+x"/><item index="3" value="C"/></issue>
  <issue index="2" type="discrete" name="Pay"><item index="1" value="-5"/><item index="2" value="0"/><item index="3" value="10"/></issue>
</objective></utility_space></negotiation_template>`;
  const read = (rules: string, doc = DOMAIN2) => {
    const d = readGeniusDomain(parseXml(doc, 'd.xml'));
    const space = new OutcomeSpace(d.issues.map((gi) => gi.issue));
    const text = `<utility_space type="constraint">\n<objective index="0" name="T">\n<rules>\n${rules}\n</rules>\n</objective>\n</utility_space>`;
    return readGeniusProfile(parseXml(text, 'c.xml'), d, space, new Warnings()).utility;
  };
  const RANKS = `<ranks>
  <issue index="1"><item value="A" rank="1"/><item value="B+x" rank="4"/><item value="C" rank="2"/></issue>
  <issue index="2"><item value="-5" rank="1"/><item value="0" rank="2"/><item value="10" rank="2"/></issue>
</ranks>`;

  test('the mean of rank / largest rank; terms and whole utilities zeroed by their constraints', () => {
    const u = read(`${RANKS}<constraints>
  <constraint type="zeroConstraint" index="1"><valueassignment index="1" value="C"/><valueassignment index="2" value="0"/></constraint>
  <constraint type="inclusiveZeroOutcomeConstraint"><checkassignment index="2" condition="numeric=negative"/><checkassignment index="1" condition="x"/></constraint>
  <constraint type="conditionalZeroOutcomeConstraint"><checkassignment index="2" condition="numeric=positive"/><checkassignment index="1" condition="A"/></constraint>
</constraints>`);
    // The conditional constraint lists Pay first, but GENIUS's HashMap visits issue 1 (Who) first,
    // whose condition is not numeric: it never applies, so B+x with 10 keeps its utility.
    expect(u.evaluate([1, 2])).toBeCloseTo((4 / 4 + 2 / 2) / 2, 15);
    expect(u.evaluate([0, 2])).toBeCloseTo((1 / 4 + 2 / 2) / 2, 15); // A, 10
    expect(u.evaluate([2, 1])).toBeCloseTo((0 + 2 / 2) / 2, 15); // C, 0: Who's term zeroed
    expect(u.evaluate([2, 0])).toBeCloseTo((2 / 4 + 1 / 2) / 2, 15); // C, -5
    expect(u.evaluate([1, 0])).toBe(0); // B+x, -5: inclusive zero-outcome (≤ 0 and contains "x")
    expect(u.evaluate([1, 1])).toBe(0); // B+x, 0: 0 counts as negative for it too
  });

  test('a file GENIUS cannot evaluate is refused with its line and field', () => {
    const refused = (rules: string, doc?: string) => {
      try {
        read(rules, doc);
      } catch (e) {
        expect(e).toBeInstanceOf(LancasterError);
        return (e as LancasterError).problems[0];
      }
      throw new Error('not refused');
    };
    expect(refused(RANKS)).toMatchObject({ code: 'GENIUS_UNSUPPORTED', line: 3, path: 'rules' });
    expect(refused('<ranks><issue index="1"><item rank="1"/></issue></ranks><constraints/>')).toMatchObject({
      code: 'GENIUS_UNSUPPORTED',
      line: 4,
      path: 'rules.ranks.issue[Who].item.value',
    });
    expect(
      refused('<ranks><issue index="1"><item value="A" rank="1"/></issue></ranks><constraints/>'),
    ).toMatchObject({
      code: 'GENIUS_UNSUPPORTED',
      message: expect.stringContaining('value "B+x" of issue "Who" has no rank'),
    });
    const integer = DOMAIN2.replace(
      /<issue index="2"[\s\S]*?<\/issue>/,
      '<issue index="2" type="integer" name="Pay" lowerbound="0" upperbound="3"/>',
    );
    expect(refused(`${RANKS}<constraints/>`, integer)).toMatchObject({
      code: 'GENIUS_UNSUPPORTED',
      message: expect.stringContaining('Lancaster reads constraint profiles over discrete issues only'),
    });
  });
});
