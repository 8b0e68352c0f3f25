-- A role for the staff who keep the sensor registry. SQLite cannot change a CHECK constraint: the table is
-- rebuilt with the same rows.
CREATE TABLE user_roles_new (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('resident', 'moderator', 'official', 'sensor_manager', 'admin')),
    granted_at INTEGER NOT NULL,
    granted_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (user_id, role)
);
INSERT INTO user_roles_new (user_id, role, granted_at, granted_by)
    SELECT user_id, role, granted_at, granted_by FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_new RENAME TO user_roles;
