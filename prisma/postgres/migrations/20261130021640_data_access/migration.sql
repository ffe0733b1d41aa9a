-- CreateTable
CREATE TABLE "DataAccess" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "staff" TEXT,
    "action" TEXT NOT NULL,
    "subject" TEXT,
    "records" INTEGER NOT NULL DEFAULT 0,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataAccess_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DataAccess_shop_at_idx" ON "DataAccess"("shop", "at");

-- CreateIndex
CREATE INDEX "DataAccess_at_idx" ON "DataAccess"("at");

