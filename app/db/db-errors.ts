/** Prisma's error for a row whose unique key is already taken (P2002). */
export function isUniqueViolation(error: unknown) {
  return (error as { code?: string } | null)?.code === "P2002";
}
