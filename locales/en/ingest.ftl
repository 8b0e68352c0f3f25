## Ingestion: errors of the device API (sent as "message" in JSON answers)

ingest-error-not-array = The body must be a JSON array of measurements.
ingest-error-too-many-rows = Too many rows: at most 10,000 per request.
ingest-error-datastream = Missing or malformed datastream (expected "REFERENCE/name").
ingest-error-time = Missing or unreadable measurement time (expected RFC 3339, e.g. 2026-11-20T08:15:02Z).
ingest-error-value = Missing or invalid value (a finite number, a boolean or text).
ingest-error-no-decoded-payload = The message has no decoded values: configure a payload decoder (codec) for this device on the network server; nothing was stored.
ingest-error-dev-eui = Missing LoRaWAN device identifier (DevEUI).
ingest-error-not-uplink = This message is not an uplink.
ingest-error-event = Unknown ChirpStack event type (the "event" parameter).
ingest-error-components = The components must include "phenomenonTime" and "result".
ingest-error-too-large = Request too large: at most 4 MB.
ingest-error-body = The request body could not be read.
ingest-error-json = Malformed JSON.
ingest-proof-withheld = This sensor processes personal data: only its compliance is published (declared retention, the deletion job's last pass, compliant or not), not when it measures nor how much it holds, which would tell of the people measured.
ingest-error-dev-eui-topic = The message's DevEUI is not the one of the MQTT topic it was published on.
ingest-refused-type = The value's type does not match the datastream's.
ingest-refused-future = Measured more than 5 minutes in the future.
ingest-refused-retention = Older than the declared retention period: it should already have been deleted.
ingest-refused-unknown-datastream = This sensor declares no such datastream.
ingest-refused-inactive = This sensor is not in service: it does not collect data.
ingest-refused-all-or-nothing = Not stored: another row of this all-or-nothing batch was refused.
ingest-forbidden-integration-kind = This secret belongs to an integration of another kind of network server.
ingest-forbidden-unknown-device = No sensor of the registry has this DevEUI.
ingest-forbidden-scope = This token only covers its own sensor's datastreams.
ingest-unauthorized = Missing, unknown or revoked credential (Authorization: Bearer … header).
ingest-not-found = Unknown sensor.
ingest-rate-limited = Too many requests for this credential: retry after the given delay (Retry-After).
ingest-internal = Internal error: nothing was stored, try again later.
ingest-unavailable = The database cannot be reached right now: nothing was stored, send it again in a moment.

## Sensor page: status and proof of deletion

ingest-age-minutes = { $n } min
ingest-age-hours = { $n } h
ingest-age-days = { $n } days
ingest-live-receiving = Receiving data — last reading { $age } ago.
ingest-live-silent = Silent for { $age }.
ingest-compliant-yes = compliant
ingest-compliant-no = not compliant
ingest-proof-intro = Every measurement is deleted when its retention period is over; the ledger below proves it. Status:
ingest-proof-caption = Data held and deleted, per datastream
ingest-col-datastream = Datastream
ingest-col-last = Last reading
ingest-col-retention = Declared retention
ingest-col-oldest = Oldest data held
ingest-col-held = Readings held
ingest-col-purge = Last deletion run
ingest-col-purged = Deleted (last 30 days)
ingest-col-compliant = Compliance
ingest-aggregate-retention = Hourly averages are kept for { $duration }.
ingest-ledger-caption = Deletion ledger (latest runs)
ingest-ledger-run = Run
ingest-ledger-rows = Readings deleted
ingest-ledger-hours = Hourly averages deleted
ingest-ledger-reason = Reason
ingest-ledger-retention = retention period over
ingest-ledger-removed = datastream removed
ingest-proof-json = Proof of deletion as JSON

## Staff: connection of a sensor

ingest-connection-link = Connection (tokens, LoRaWAN)
ingest-connection-title = Connection of sensor { $reference }
ingest-secret-title = New secret
ingest-secret-once = Copy it into the device or the network server now: it will never be shown again (only its fingerprint is kept).
ingest-tokens-title = Device tokens
ingest-tokens-intro = A token lets this device, and only this device, send its measurements (Authorization: Bearer … header). Revoke a lost token; replace them all when in doubt.
ingest-tokens-caption = Tokens of this sensor
ingest-token-col-hint = Begins with
ingest-token-col-created = Created
ingest-token-col-used = Last used
ingest-token-col-state = State
ingest-token-col-action = Action
ingest-token-active = active
ingest-token-revoked-on = revoked on { $date }
ingest-token-never = never
ingest-token-revoke = Revoke token { $hint }…
ingest-token-new = Create a token
ingest-token-rotate = Replace every token
ingest-lorawan-title = LoRaWAN device
ingest-lorawan-intro = If this sensor goes through a LoRaWAN network server (The Things Stack, ChirpStack), give its DevEUI: its uplinks will be attributed to it.
ingest-dev-eui = DevEUI
ingest-dev-eui-hint = 16 hexadecimal digits, e.g. 70B3D57ED005A1C2; leave empty if there is none.
ingest-dev-eui-save = Save the DevEUI
error-dev-eui-format = A DevEUI has 16 hexadecimal digits.
error-dev-eui-taken = Another sensor already has this DevEUI.
notice-token-issued = Token created.
notice-token-revoked = Token revoked: it is refused from now on.
notice-dev-eui-saved = DevEUI saved.

## Staff: LoRaWAN integrations

ingest-integrations-title = LoRaWAN integrations
ingest-integrations-intro = Each network server (The Things Stack, ChirpStack) sends its uplinks with its own secret in the Authorization: Bearer … header. Only devices whose DevEUI is in the registry are accepted.
ingest-integrations-none = No integration yet.
ingest-integrations-caption = Integrations
ingest-integration-new = New integration
ingest-integration-kind = Network server
ingest-integration-name = Name
ingest-integration-create = Create the integration
ingest-integration-revoke = Revoke { $name }
error-integration-kind = Choose The Things Stack or ChirpStack.
error-integration-name = Give a name of 1 to 80 characters.
error-integration-name-taken = An integration already has this name.
notice-integration-created = Integration created.
notice-integration-revoked = Integration revoked: its uplinks are refused from now on.

## SensorThings API query options

sta-error-top = $top must be an integer from 0 to 1000.
sta-error-skip = $skip must be a whole number from 0 to 1,000,000,000.
sta-error-orderby = Only $orderby=phenomenonTime asc or desc is supported.
sta-error-filter = Only filters on phenomenonTime (ge, gt, le, lt, eq and an RFC 3339 time, joined by "and") are supported.

## MQTT bridge

ingest-mqtt-off = MQTT bridge: not configured (MQTT_URL variable).
ingest-mqtt-on = MQTT bridge subscribed to { $topics }: { $received } messages received since start-up, { $failed } of them refused whole (written to the log); { $accepted } measurements stored, { $rejected } rows refused.

## Public chart of recent values

ingest-chart-caption = { $name } ({ $unit }): hourly averages over the last { $days } days
ingest-chart-range = From { $low } to { $high } { $unit } over the period.
ingest-chart-table = Show the values
ingest-chart-hour = Hour
ingest-chart-mean = Mean
ingest-chart-min = Minimum
ingest-chart-max = Maximum

## Staff: retention alarms

ingest-alarms-title = Retention compliance
ingest-alarms-intro = Datastreams holding measurements older than their declared retention allows (beyond one hour of grace for the deletion job). A row here means deletion is failing or a retention period was changed: fix it at once.
ingest-alarms-none = No alarm: every measurement held respects its declared retention.
ingest-alarms-caption = Datastreams past their retention
ingest-alarms-sensor = Sensor
