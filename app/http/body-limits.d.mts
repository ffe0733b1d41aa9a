export declare const WEBHOOK_BODY_LIMIT: number;
export declare const FORM_BODY_LIMIT: number;
export declare const UPLOAD_BODY_LIMIT: number;
export declare function bodyLimitFor(pathname: string): number;
export declare function loggableUrl(url: string): string;
export declare function limitBodies(
  req: { headers: Record<string, string | string[] | undefined>; path: string },
  res: {
    status(code: number): { set(name: string, value: string): { send(body: string): unknown } };
  },
  next: () => void,
): unknown;
