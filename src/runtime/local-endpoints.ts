// External plugins served inside this process. Upstream runs needs-rebase, cherrypicker and refresh as services
// that hook POSTs webhooks to; when such a role runs in the same process as the hook (`--role=all`), it registers
// here under its external_plugins name and the hook hands it each delivery directly: no HTTP, no second HMAC check
// (the hook already verified the signature).

/** A delivery as the hook accepted it. */
export interface LocalDelivery {
  eventType: string;
  guid: string;
  body: Buffer;
}

/** Handles one delivery; resolves once handling is done (errors are the endpoint's to log). */
export type LocalEndpoint = (delivery: LocalDelivery) => Promise<void>;

/** The plugin's help (upstream's PluginHelp JSON) for the hook's /plugin-help. */
export type LocalHelp = () => unknown;

export class LocalEndpoints {
  private readonly byName = new Map<string, LocalEndpoint>();
  private readonly helpByName = new Map<string, LocalHelp>();
  private started = false;
  private readonly waiting: (() => void)[] = [];

  register(name: string, endpoint: LocalEndpoint, help?: LocalHelp): void {
    if (this.byName.has(name)) throw new Error(`an in-process external plugin named ${name} is already registered`);
    this.byName.set(name, endpoint);
    if (help) this.helpByName.set(name, help);
    for (const wake of this.waiting.splice(0)) wake();
  }

  get(name: string): LocalEndpoint | undefined {
    return this.byName.get(name);
  }

  /** The help of the plugin registered under `name`, which the hook shows instead of asking its endpoint. */
  help(name: string): LocalHelp | undefined {
    return this.helpByName.get(name);
  }

  /**
   * The endpoint registered under `name`. Until every role of the process has started (`allStarted`), a name not
   * registered yet may still be (the hook replays deliveries before later roles start), so this waits.
   */
  async resolve(name: string): Promise<LocalEndpoint | undefined> {
    for (;;) {
      const e = this.byName.get(name);
      if (e || this.started) return e;
      await new Promise<void>((wake) => this.waiting.push(wake));
    }
  }

  /** Every role has started (or the start failed): nothing more will register. */
  allStarted(): void {
    this.started = true;
    for (const wake of this.waiting.splice(0)) wake();
  }
}
