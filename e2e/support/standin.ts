import { expect, type APIRequestContext } from "@playwright/test";
import { STANDIN_URL } from "./env";

export interface StandinStats {
  submissions: number;
  generateRequests: Array<{ idempotencyKey: string | null; status: number }>;
  balance: number;
  jobs: string[];
  pendingFaults: number;
  uploads: number;
}

type Fault =
  | { kind: "429"; retryAfter?: number }
  | { kind: "502" | "503" | "500" | "drop" | "drop-after-accept" | "malformed" }
  | { kind: "slow"; ms: number };

/** The test controls of the apiframe stand-in (its /__standin/ routes). */
export class Standin {
  constructor(private readonly request: APIRequestContext) {}

  private async post(path: string, data: unknown) {
    const res = await this.request.post(`${STANDIN_URL}/__standin/${path}`, { data });
    expect(res.ok(), `stand-in ${path}: ${await res.text()}`).toBe(true);
  }

  reset(options: { balance?: number; jobMs?: number } = {}) {
    return this.post("reset", options);
  }

  faults(route: "generate" | "job" | "me" | "upload" | "any", ...faults: Fault[]) {
    return this.post("faults", { route, faults });
  }

  failNext(error: string) {
    return this.post("fail-next", { error });
  }

  async stats(): Promise<StandinStats> {
    const res = await this.request.get(`${STANDIN_URL}/__standin/stats`);
    return res.json();
  }
}
