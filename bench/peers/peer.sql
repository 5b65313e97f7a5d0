-- What a PostGraphile user adds to the service's database to answer the benchmark's queries:
-- functions PostGraphile exposes as query fields and computed columns. Applied by
-- bench/compare.ts (idempotent). The as-of counts read the service's count aggregate, so that
-- the comparison measures the servers, not two ways of counting.

CREATE OR REPLACE FUNCTION peer_search_members(term text) RETURNS SETOF members
LANGUAGE sql STABLE AS $$
  SELECT m.* FROM members m
  WHERE m.search_name LIKE '%' || term || '%'
    AND EXISTS (SELECT 1 FROM member_periods p WHERE p.member_id = m.id AND p.valid_to IS NULL AND p.status IN ('PROBATIONARY', 'OFFICIAL', 'SUSPENDED'))
  ORDER BY m.sort_key, m.id
$$;

CREATE OR REPLACE FUNCTION peer_members_under(root uuid, as_of date) RETURNS SETOF member_periods
LANGUAGE sql STABLE AS $$
  SELECT p.* FROM member_periods p
  JOIN members m ON m.id = p.member_id
  WHERE p.valid_from <= as_of AND (p.valid_to IS NULL OR p.valid_to > as_of)
    AND p.status IN ('PROBATIONARY', 'OFFICIAL', 'SUSPENDED')
    AND EXISTS (
      SELECT 1 FROM organization_versions v
      WHERE v.organization_id = p.organization_id AND v.valid_from <= as_of AND (v.valid_to IS NULL OR v.valid_to > as_of)
        AND v.path @> ARRAY[(SELECT path_key FROM organizations WHERE id = root)])
  ORDER BY m.sort_key, p.member_id
$$;

-- Organisation as of today with its ancestors (root first): computed columns of organizations.
CREATE OR REPLACE FUNCTION organizations_peer_name(o organizations) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT v.name FROM organization_versions v WHERE v.organization_id = o.id AND v.valid_to IS NULL
$$;

CREATE OR REPLACE FUNCTION organizations_peer_ancestors(o organizations) RETURNS SETOF organizations
LANGUAGE sql STABLE AS $$
  SELECT a.* FROM organization_versions v
  CROSS JOIN LATERAL unnest(v.path[1:array_length(v.path, 1) - 1]) WITH ORDINALITY AS k(key, n)
  JOIN organizations a ON a.path_key = k.key
  WHERE v.organization_id = o.id AND v.valid_to IS NULL
  ORDER BY k.n
$$;

CREATE OR REPLACE FUNCTION peer_member_counts(root uuid, as_of date)
RETURNS TABLE (probationary int, official int, suspended int, exempted int, away int, hosted int,
               removed_from_roll int, expelled int, deceased int, transferred_out int)
LANGUAGE sql STABLE AS $$
  SELECT c.probationary, c.official, c.suspended, c.exempted, c.away, c.hosted, c.removed_from_roll, c.expelled, c.deceased, c.transferred_out
  FROM member_subtree_counts c
  WHERE c.subtree_key = (SELECT path_key FROM organizations WHERE id = root) AND c.day <= as_of
  ORDER BY c.day DESC LIMIT 1
$$;

-- The tree (Q4): an organisation's active children today, and its subtree's members in the Party
-- as of a date (the same aggregate as peer_member_counts).
CREATE OR REPLACE FUNCTION organizations_peer_children(o organizations) RETURNS SETOF organizations
LANGUAGE sql STABLE AS $$
  SELECT c.* FROM organization_versions v JOIN organizations c ON c.id = v.organization_id
  WHERE v.parent_id = o.id AND v.valid_to IS NULL AND v.status = 'ACTIVE'
  ORDER BY c.code
$$;

CREATE OR REPLACE FUNCTION organizations_peer_member_total(o organizations, as_of date) RETURNS bigint
LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT (probationary + official + suspended)::bigint FROM peer_member_counts(o.id, as_of)), 0)
$$;
