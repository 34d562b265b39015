-- Where a signature came from, as the rate-limit buckets of its address and network (keyed hashes,
-- never an IP address): its confirmation gives that source more room (limits.py, a viral hour
-- behind one carrier address). Emptied at confirmation, and by the hourly purge after an hour.
ALTER TABLE signatures ADD COLUMN source_buckets TEXT;
