const MIN_SECRET_CHARS = 6;
const REPLACEMENT = '[redacted]';

/** Tokens and secrets in the shapes WeChat and our own calls carry them. */
const SECRET_SHAPES: readonly RegExp[] = [
  /((?:access_token|authorizer_access_token|secret|appsecret|key)=)[^&\s"'<>]+/gi,
  /("(?:access_token|authorizer_access_token|secret|appsecret|key|component_access_token)"\s*:\s*")[^"]*/gi,
  /(authorization:\s*bearer\s+)\S+/gi,
];

/** Removes every known secret, and anything shaped like a token, from text bound for a log. */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string): void {
    if (secret.length >= MIN_SECRET_CHARS) this.secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join(REPLACEMENT);
    for (const shape of SECRET_SHAPES) out = out.replace(shape, `$1${REPLACEMENT}`);
    return out;
  }
}
