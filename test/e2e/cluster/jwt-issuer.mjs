#!/usr/bin/env node
// A tiny OpenID Connect issuer for the real-control-plane e2e cluster.
//
//   node jwt-issuer.mjs serve --port N --tls-cert F --tls-key F --signing-key F --issuer URL
//       Serves, over HTTPS on 127.0.0.1 only:
//         GET /.well-known/openid-configuration   (discovery; `issuer` equals --issuer)
//         GET /openid/v1/jwks                     (the public half of --signing-key)
//       The kube-apiserver's structured JWT authenticator fetches these.
//
//   node jwt-issuer.mjs mint --signing-key F --issuer URL --audience A --sub S
//                            [--username U] [--groups g1,g2] [--ttl-seconds N]
//       Prints a signed RS256 JWT to stdout.
//
// Node built-ins only, so the e2e cluster needs no extra package.
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { parseArgs } from 'node:util';

const b64url = (buf) => Buffer.from(buf).toString('base64url');

function keyMaterial(signingKeyPath) {
  const privateKey = createPrivateKey(readFileSync(signingKeyPath));
  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' });
  // kid: RFC 7638 thumbprint of the public key.
  const thumb = createHash('sha256')
    .update(JSON.stringify({ e: publicJwk.e, kty: publicJwk.kty, n: publicJwk.n }))
    .digest();
  const kid = b64url(thumb);
  return { privateKey, jwk: { ...publicJwk, kid, use: 'sig', alg: 'RS256' }, kid };
}

export function mintToken({ signingKey, issuer, audience, sub, username, groups, ttlSeconds }) {
  const { privateKey, kid } = keyMaterial(signingKey);
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid };
  const payload = {
    iss: issuer,
    aud: audience,
    sub,
    iat: now,
    nbf: now - 60,
    exp: now + ttlSeconds,
    preferred_username: username ?? sub,
    groups: groups ?? [],
  };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const sig = sign('sha256', Buffer.from(input), privateKey);
  return `${input}.${b64url(sig)}`;
}

function serve({ port, tlsCert, tlsKey, signingKey, issuer }) {
  const { jwk } = keyMaterial(signingKey);
  const discovery = {
    issuer,
    jwks_uri: `${issuer}/openid/v1/jwks`,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
  };
  const server = createServer({ cert: readFileSync(tlsCert), key: readFileSync(tlsKey) }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    let body;
    if (req.method === 'GET' && path === '/.well-known/openid-configuration') body = discovery;
    else if (req.method === 'GET' && path === '/openid/v1/jwks') body = { keys: [jwk] };
    else if (req.method === 'GET' && path === '/healthz') body = { ok: true };
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  server.listen(port, '127.0.0.1', () => {
    process.stderr.write(`jwt-issuer: serving ${issuer} on 127.0.0.1:${port}\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const [cmd, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      port: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'signing-key': { type: 'string' },
      issuer: { type: 'string' },
      audience: { type: 'string' },
      sub: { type: 'string' },
      username: { type: 'string' },
      groups: { type: 'string' },
      'ttl-seconds': { type: 'string', default: '86400' },
    },
  });
  const need = (k) => {
    if (!values[k]) {
      process.stderr.write(`jwt-issuer: --${k} is required\n`);
      process.exit(2);
    }
    return values[k];
  };
  if (cmd === 'serve') {
    serve({
      port: Number(need('port')),
      tlsCert: need('tls-cert'),
      tlsKey: need('tls-key'),
      signingKey: need('signing-key'),
      issuer: need('issuer'),
    });
  } else if (cmd === 'mint') {
    process.stdout.write(
      mintToken({
        signingKey: need('signing-key'),
        issuer: need('issuer'),
        audience: need('audience'),
        sub: need('sub'),
        username: values.username,
        groups: values.groups ? values.groups.split(',') : [],
        ttlSeconds: Number(values['ttl-seconds']),
      }) + '\n',
    );
  } else {
    process.stderr.write('usage: jwt-issuer.mjs serve|mint [flags]\n');
    process.exit(2);
  }
}
