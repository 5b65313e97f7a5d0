-- Terms of one organisation do not overlap, held by the database against concurrent writers
-- (openTerm and openTerms check it first to name the overlapping term).
ALTER TABLE "terms" ADD CONSTRAINT "terms_do_not_overlap"
  EXCLUDE USING gist ("organization_id" WITH =, daterange("starts_on", "ends_on") WITH &&);
