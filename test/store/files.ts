/**
 * Blob storage standing in for Google Cloud Storage: staged uploads land
 * here and bulk results are served from here.
 */
export interface StoredFile {
  body: Buffer;
  contentType: string;
}

export class FileStore {
  private readonly files = new Map<string, StoredFile>();

  put(key: string, body: Buffer | string, contentType = "application/jsonl"): void {
    this.files.set(key, { body: typeof body === "string" ? Buffer.from(body) : body, contentType });
  }

  get(key: string): StoredFile | undefined {
    return this.files.get(key);
  }

  delete(key: string): void {
    this.files.delete(key);
  }

  deletePrefix(prefix: string): void {
    for (const key of this.files.keys()) if (key.startsWith(prefix)) this.files.delete(key);
  }
}
