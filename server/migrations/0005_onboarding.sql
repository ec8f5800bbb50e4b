-- A device added by another device keeps the adding device's onboarding record (its key chain
-- state, authenticated with a secret the server never sees) for its first login.
ALTER TABLE devices ADD COLUMN onboarding TEXT;
