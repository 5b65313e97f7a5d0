-- CreateTable
CREATE TABLE "demo_loads" (
    "id" SERIAL NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),
    "tables" TEXT[],

    CONSTRAINT "demo_loads_pkey" PRIMARY KEY ("id")
);

