-- A one-time code mailed to an account holder, typed at a kiosk instead of the password before a ballot or
-- vote cast online is replaced there (`holder_code` tokens).
ALTER TABLE account_tokens DROP CONSTRAINT account_tokens_purpose_check;
ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_purpose_check
    CHECK (purpose IN ('verify_email', 'reset_password', 'sign_in', 'holder_code'));
