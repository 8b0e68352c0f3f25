-- A role for the staff who keep the sensor registry.
ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_check;
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check
    CHECK (role IN ('resident', 'moderator', 'official', 'sensor_manager', 'admin'));
