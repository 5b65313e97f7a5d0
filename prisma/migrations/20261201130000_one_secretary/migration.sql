-- One secretary of a term at a time, held by the database against concurrent appointments.
ALTER TABLE "committee_positions" ADD CONSTRAINT "committee_positions_one_secretary"
  EXCLUDE USING gist ("term_id" WITH =, daterange("starts_on", "ends_on") WITH &&)
  WHERE ("role" = 'SECRETARY');
