/**
 * The secret key request ids are derived with (an HMAC key: handlers/lib/request-id-key.ts explains why
 * and how it rotates). By default a Secrets Manager secret whose value Terraform generates with the AWS
 * provider alone (the `aws_secretsmanager_random_password` data source, which asks Secrets Manager's
 * GetRandomPassword), so no other provider is needed; or a secret you bring.
 *
 * The generated value is written once: `secret_string` is in `ignore_changes`, because the data source
 * draws a new password on every plan and the key must not change under live requests. Rotate it by
 * writing `{"current": "<new>", "previous": "<old>"}` into the secret (the handlers accept both).
 *
 * Where the key can be seen: Secrets Manager, and Terraform's state (a data source's result and the
 * version's `secret_string` are stored there, as for any secret Terraform writes). Never an output, a
 * log or the table. To keep it out of the state too, create the secret yourself and pass `secretArn`.
 */
import { DataAwsSecretsmanagerRandomPassword } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { RequestIdKeySecretGrant } from "./iam-policies";

/** Where the request-id key lives. */
export interface RequestIdKeyOptions {
  /**
   * An existing secret (its ARN) holding the key: the key itself (at least 32 characters), or JSON
   * `{"current": "<key>", "previous": "<older key>"}`. The bridge then creates no secret.
   * @default a new secret with a generated 64-character key
   */
  readonly secretArn?: string;
  /**
   * A customer managed KMS key (its ARN) encrypting the secret: the new secret is created with it, and
   * start and poll get `kms:Decrypt` on it (give it for a secret you bring too, if it uses one). The key
   * policy must let those roles use it through Secrets Manager.
   * @default the AWS managed key `aws/secretsmanager`
   */
  readonly kmsKeyArn?: string;
  /**
   * Days Secrets Manager keeps a deleted secret recoverable (0 deletes at once, else 7–30).
   * @default 30
   */
  readonly recoveryWindowInDays?: number;
}

/** Props of {@link RequestIdKeySecret}. */
export interface RequestIdKeySecretProps extends RequestIdKeyOptions {
  /** The bridge's name prefix; the new secret's name starts with it. */
  readonly namePrefix: string;
  /** Tags of the new secret. @default none */
  readonly tags?: { readonly [key: string]: string };
}

/** How long the generated key is: 64 letters and digits, about 380 bits. */
export const GENERATED_KEY_LENGTH = 64;

/** The request-id key's secret, created or given. */
export class RequestIdKeySecret extends Construct {
  /** The secret's ARN (what `REQUEST_ID_KEY_SECRET_ARN` holds). */
  readonly secretArn: string;
  /** The secret, when the bridge created it. */
  readonly secret?: SecretsmanagerSecret;
  /** The generated value, when the bridge created the secret. */
  readonly version?: SecretsmanagerSecretVersion;
  /** What start and poll may read. */
  readonly grant: RequestIdKeySecretGrant;

  constructor(scope: Construct, id: string, props: RequestIdKeySecretProps) {
    super(scope, id);
    if (props.secretArn !== undefined) {
      this.secretArn = props.secretArn;
    } else {
      // `name_prefix`: a deleted secret's name stays taken for its recovery window, so a fixed name
      // would make destroy-then-deploy fail.
      this.secret = new SecretsmanagerSecret(this, "secret", {
        namePrefix: `${props.namePrefix}-request-id-key-`,
        description: "connect-async: the HMAC key request ids are derived with; read by the start and poll functions only",
        kmsKeyId: props.kmsKeyArn,
        recoveryWindowInDays: props.recoveryWindowInDays,
        tags: props.tags,
      });
      const password = new DataAwsSecretsmanagerRandomPassword(this, "generated", {
        passwordLength: GENERATED_KEY_LENGTH,
        // Letters and digits only: the value is plain text, never mistaken for the JSON form.
        excludePunctuation: true,
        includeSpace: false,
      });
      this.version = new SecretsmanagerSecretVersion(this, "value", {
        secretId: this.secret.id,
        secretString: password.randomPassword,
        lifecycle: { ignoreChanges: ["secret_string"] },
      });
      this.secretArn = this.secret.arn;
    }
    this.grant = { secretArn: this.secretArn, ...(props.kmsKeyArn !== undefined ? { kmsKeyArn: props.kmsKeyArn } : {}) };
  }

  /** What a function reading the key must be created after: the secret's first value. */
  get dependables(): ReadonlyArray<ITerraformDependable> {
    return this.version ? [this.version] : [];
  }
}
