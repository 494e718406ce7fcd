#!/usr/bin/env bash
# Regenerates test/fixtures/cel/*.json from the upstream Go test tables (needs Go and
# the Go module proxy; `npm test` does not). Each table is dumped by the upstream test
# file itself, with a small hook added (the *.patch and *_dump_test.go.txt beside this),
# so the cases are exactly the ones upstream runs; upstream's own test runs beside it.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${OUT:-$HERE/../../test/fixtures/cel}"
V="${K8S_STAGING_VERSION:-v0.37.2}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
go mod init x >/dev/null 2>&1
go mod download -json "k8s.io/dynamic-resource-allocation@$V" "k8s.io/apiserver@$V" >"$WORK/mods.json"
copy() { cp -r "$(go env GOMODCACHE)/k8s.io/$1@$V" "$WORK/$1" && chmod -R u+w "$WORK/$1"; }
copy dynamic-resource-allocation
copy apiserver

cp "$HERE/dra_dump_test.go.txt" dynamic-resource-allocation/cel/zz_dump_test.go
(cd dynamic-resource-allocation && DUMP_TO="$WORK/dra.json" go test -count=1 -run 'TestDumpCases|TestCEL$' ./cel)

(cd apiserver && patch -s -p1 <"$HERE/validation_test.go.patch" && patch -s -p1 <"$HERE/oidc_test.go.patch" && patch -s -p1 <"$HERE/library_test.go.patch")
cp "$HERE/library_dump_test.go.txt" apiserver/pkg/cel/library/zz_dump_test.go
(cd apiserver && DUMP_TO="$WORK/library.json" go test -count=1 -run 'TestQuantity$|TestSemver$|TestIP$|TestCIDR$|TestFormat$' ./pkg/cel/library)
cp "$HERE/validation_dump_test.go.txt" apiserver/pkg/apis/apiserver/validation/zz_dump_test.go
cp "$HERE/oidc_dump_test.go.txt" apiserver/plugin/pkg/authenticator/token/oidc/zz_dump_test.go
(cd apiserver && DUMP_TO="$WORK/validation.json" go test -count=1 -run 'TestValidate(AuthenticationConfiguration|IssuerURL|IssuerDiscoveryURL|Audiences|CertificateAuthority|ClaimValidationRules|ClaimMappings|UserValidationRules)$' ./pkg/apis/apiserver/validation)
# TestToken's own run fails one egress case's cleanup check when it is cut short; the dump is written first
(cd apiserver && DUMP_TO="$WORK/oidc.json" go test -count=1 -run 'TestToken$' ./plugin/pkg/authenticator/token/oidc || true)

wrap() { # wrap FILE MODULE GOFILE TESTS OUT
  node -e '
    const [file, module, goFile, tests, version, out] = process.argv.slice(1);
    const data = JSON.parse(require("fs").readFileSync(file, "utf8"));
    const doc = { source: { module, version, file: goFile, tests, dumpedBy: "scripts/cel-fixtures/dump.sh" }, cases: data };
    require("fs").writeFileSync(out, JSON.stringify(doc, null, 1) + "\n");' "$@"
}
wrap "$WORK/dra.json" k8s.io/dynamic-resource-allocation cel/compile_test.go "TestCEL (var testcases)" "$V" "$OUT/dra-compile-test.json"
wrap "$WORK/validation.json" k8s.io/apiserver pkg/apis/apiserver/validation/validation_test.go "TestValidate* (AuthenticationConfiguration and its parts)" "$V" "$OUT/authn-validation-test.json"
wrap "$WORK/oidc.json" k8s.io/apiserver plugin/pkg/authenticator/token/oidc/oidc_test.go "TestToken" "$V" "$OUT/oidc-token-test.json"
wrap "$WORK/library.json" k8s.io/apiserver "pkg/cel/library/{quantity,semver,ip,cidr,format}_test.go" "TestQuantity, TestSemver, TestIP, TestCIDR, TestFormat" "$V" "$OUT/library-test.json"
echo "written to $OUT"
