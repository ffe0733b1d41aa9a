-- CreateTable
CREATE TABLE "DataAccess" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "staff" TEXT,
    "action" TEXT NOT NULL,
    "subject" TEXT,
    "records" INTEGER NOT NULL DEFAULT 0,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "DataAccess_shop_at_idx" ON "DataAccess"("shop", "at");

-- CreateIndex
CREATE INDEX "DataAccess_at_idx" ON "DataAccess"("at");

