// A real OpenID Connect provider (panva's oidc-provider) for the single sign-on tests.
// Usage: node provider.mjs <port> <redirect_uri>
// Any login name is accepted by the development login page; the account's e-mail is the login
// name, and it is verified unless the name starts with "unverified".
import Provider from "oidc-provider";

const port = Number(process.argv[2]);
const redirect = process.argv[3];
const client = (id, secret) => ({
  client_id: id,
  client_secret: secret,
  redirect_uris: [redirect],
  response_types: ["code"],
  grant_types: ["authorization_code"],
});

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [client("koordinering", "test-client-secret"), client("other-app", "other-secret")],
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: id, email_verified: !id.startsWith("unverified") };
      },
    };
  },
  claims: { openid: ["sub"], email: ["email", "email_verified"] },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["a-test-only-cookie-key"] },
});
provider.listen(port, "127.0.0.1", () => console.log("ready"));
