-- hearth:compatibility expand
-- Hearth store, version 9: the TOTP time step a user's last accepted code belonged to, so that a
-- code is accepted once only. Same schema as Migrations/sqlite/0009_totp_last_step.sql. The store
-- moves it forward with a conditional update (totp_last_step < the new step) that two sign-ins
-- racing with the same code cannot both pass. NULL: no code accepted yet. (Version 8 is the queue
-- store's.)
ALTER TABLE hearth.users ADD totp_last_step BIGINT NULL;
