-- No query looks households up by CCCD any more: the importer matches
-- households against all of them, loaded once per import (migration 0007's
-- release), and search reads the folded search text. The index only cost
-- a B-tree write per household saved.
DROP INDEX IF EXISTS households_cccd;
