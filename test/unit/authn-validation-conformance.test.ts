// The upstream validation cases of AuthenticationConfiguration (k8s.io/apiserver
// pkg/apis/apiserver/validation/validation_test.go, dumped to
// test/fixtures/cel/authn-validation-test.json): kubedeck rejects what the API server
// rejects, with the same field paths and messages. CEL compiler messages are compared
// up to "compilation failed" (the rest is cel-go's own rendering of the source).
// Every upstream case runs; none is excluded. gaOnly turns the beta egress-selector gate off.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  validateAudiences,
  validateAuthenticationConfiguration,
  validateCertificateAuthority,
  validateClaimMappings,
  validateClaimValidationRules,
  validateIssuerDiscoveryURL,
  validateIssuerURL,
  validateUserValidationRules,
} from '../../src/cel/authn-config.js';
import { aggregateText, type FieldError } from '../../src/cel/field.js';

type Row = Record<string, unknown> & { name: string; want: string };
const fixture = JSON.parse(readFileSync(new URL('../fixtures/cel/authn-validation-test.json', import.meta.url), 'utf8')) as { cases: Record<string, Row[]> };

/** cel-go renders a compile error with the source and a caret; kubedeck's engine words it its own way */
const normalize = (s: string) => s.replace(/compilation failed: [\s\S]*?(?=(, [a-z]+(\[\d+\])?\.[a-zA-Z]|\]$|$))/g, 'compilation failed: …');


const run: Record<string, (r: Row) => FieldError[]> = {
  TestValidateAuthenticationConfiguration: (r) =>
    validateAuthenticationConfiguration(r.in as never, { disallowedIssuers: (r.disallowedIssuers as string[]) ?? [], egressSelectorFeature: r.gaOnly ? false : ((r.egressSelectorFeature as boolean | null) ?? undefined) }),
  TestValidateIssuerURL: (r) => validateIssuerURL(r.in as string, (r.disallowedIssuers as string[]) ?? []),
  TestValidateIssuerDiscoveryURL: (r) => validateIssuerDiscoveryURL(r.issuerURL as string, r.in as string),
  TestValidateAudiences: (r) => validateAudiences(r.in as string[], r.matchPolicy as string),
  TestValidateCertificateAuthority: (r) => validateCertificateAuthority(r.in as string),
  TestValidateClaimValidationRules: (r) => validateClaimValidationRules(r.in as never, { usesEmailClaim: false, usesEmailVerifiedClaim: false }),
  TestValidateClaimMappings: (r) => validateClaimMappings(r.in as never, { usesEmailClaim: false, usesEmailVerifiedClaim: Boolean(r.usesEmailVerifiedClaim) }),
  TestValidateUserValidationRules: (r) => validateUserValidationRules(r.in as never),
};

describe('AuthenticationConfiguration validation: upstream validation_test.go cases', () => {
  for (const [test, rows] of Object.entries(fixture.cases)) {
    describe(test, () => {
      for (const r of rows) {
        it(r.name, () => expect(normalize(aggregateText(run[test]!(r)))).toBe(normalize(r.want)));
      }
    });
  }
});
