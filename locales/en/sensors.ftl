# Sensors: registry, records, map, open data.

technology-lighting-controller = Street-lighting controller
technology-parking-occupancy = Parking sensor
technology-waste-fill-level = Container fill-level sensor
technology-bin-lift-weighing = Bin-lift weighing
technology-utility-meter = Water or energy meter
technology-traffic-counter = Traffic counter
technology-bicycle-counter = Bicycle counter
technology-air-quality = Air-quality station
technology-noise-level = Noise meter
technology-weather = Weather station
technology-video-camera = Video camera
technology-footfall-counter = Wi-Fi/Bluetooth footfall counter
technology-lidar = LiDAR
technology-other = Other sensor

domain-mobility = Mobility
domain-parking = Parking
domain-public-lighting = Street lighting
domain-energy = Energy
domain-water = Water
domain-waste = Waste
domain-environment = Environment
domain-safety = Safety
domain-other = Other

network-lorawan = LoRaWAN
network-sigfox = Sigfox
network-nb-iot = NB-IoT / LTE-M
network-cellular = 4G / 5G
network-wifi = Wi-Fi
network-fibre = Fibre
network-other = Other network

purpose-energy-saving = Energy saving
purpose-traffic-management = Traffic management
purpose-parking-guidance = Parking information
purpose-waste-collection = Optimised waste collection
purpose-resource-monitoring = Consumption monitoring
purpose-air-quality-monitoring = Air-quality monitoring
purpose-noise-monitoring = Noise measurement
purpose-weather-observation = Weather observation
purpose-public-safety = Public safety
purpose-urban-planning = Urban planning
purpose-maintenance = Equipment maintenance
purpose-other = Other purpose

personal-data-none = No personal data
personal-data-pseudonymised = Pseudonymised data
personal-data-personal = Personal data
personal-data-sensitive = Sensitive personal data

legal-basis-consent = Consent
legal-basis-contract = Performance of a contract
legal-basis-legal-obligation = Legal obligation
legal-basis-vital-interests = Vital interests
legal-basis-public-task = Public task
legal-basis-legitimate-interests = Legitimate interests

operator-city = The town
operator-delegated-operator = A delegated public-service operator
operator-third-party = A third party

hosting-on-premises = On the town's premises
hosting-france = In France
hosting-eu = In the European Union
hosting-outside-eu = Outside the European Union

status-planned = Planned
status-in-consultation = In consultation
status-active = In service
status-suspended = Suspended
status-removed = Removed

value-type-number = Number
value-type-boolean = Yes / no
value-type-text = Text

duration-none = not kept
duration-years = { $n -> 
    [one] { $n } year
   *[other] { $n } years
}
duration-months = { $n -> 
    [one] { $n } month
   *[other] { $n } months
}
duration-weeks = { $n -> 
    [one] { $n } week
   *[other] { $n } weeks
}
duration-days = { $n -> 
    [one] { $n } day
   *[other] { $n } days
}
duration-hours = { $n -> 
    [one] { $n } hour
   *[other] { $n } hours
}
duration-minutes = { $n -> 
    [one] { $n } minute
   *[other] { $n } minutes
}
duration-seconds = { $n -> 
    [one] { $n } second
   *[other] { $n } seconds
}
duration-and = and

error-choose-from-list = Choose a value from the list.
error-url = Enter a full web address, starting with https://.
error-date = Enter a date as YYYY-MM-DD, for example 2027-03-15.
error-retention = Enter a duration: a whole number and a unit, a hundred years at most (in an imported file or through the API, an ISO 8601 duration such as P30D or P1Y).
error-sensor-reference = The reference must be 2 to 32 characters: capital letters, digits and dashes (for example PK-0042).
error-sensor-reference-taken = Another sensor already has this reference.
error-sensor-name = The name must be 2 to 120 characters long.
error-sensor-purpose-text = Explain the purpose in a sentence of at least 10 characters.
error-sensor-controller = Enter the data controller.
error-sensor-controller-contact = Enter how to reach the data controller.
error-sensor-recipients = Enter who receives the data.
error-sensor-zone = The zone must be a closed GeoJSON polygon of at least four points.
error-sensor-longitude = Enter a longitude between -180 and 180, or a zone for a mobile sensor.
error-sensor-latitude = Enter a latitude between -90 and 90, or a zone for a mobile sensor.
error-sensor-legal-basis-required = A sensor that processes personal data must give its legal basis.
error-sensor-dpo-required = A sensor that processes personal data must give the data protection officer's contact.
error-sensor-dpia-required = Sensitive data requires a data protection impact assessment (DPIA): give its link.
error-sensor-camera-personal = A camera or a footfall counter always processes personal data.
error-sensor-operator-name = Enter the operator's name.
error-sensor-hosting-provider = Enter the hosting provider's name.
error-sensor-dates-order = The end of the authorisation cannot come before the installation date.
error-sensor-installed-required = A sensor in service must give its installation date.
error-sensor-datastream-required = Describe at least one measurement (datastream).
error-datastream-name = A datastream name may only hold letters, digits, dashes and underscores (64 at most).
error-datastream-duplicate = Two datastreams of this sensor have this name.
error-datastream-type-has-values = This datastream already holds measurements: its value type can no longer change. Create a new datastream (another name) for the other type.
error-datastream-property = Enter what is measured.
error-datastream-separator = The characters | and ; separate datastreams in the registry's files: write it without them.
error-datastream-unit = Enter the UCUM unit of a numeric measurement (for example ug/m3, dB, Cel).

## Record fields (forms, public page, open data)
field-sensor-reference = Reference
field-sensor-name = Name
field-sensor-technology = Kind of device
field-sensor-domain = Domain
field-sensor-location = Location
field-sensor-longitude = Longitude
field-sensor-latitude = Latitude
field-sensor-zone = Zone of a mobile sensor (GeoJSON)
field-sensor-district = District
field-sensor-network = Network
field-sensor-purpose = Purpose
field-sensor-purpose-text = Purpose explained
field-sensor-personal-data = Personal data
field-sensor-anonymisation = Anonymisation at capture
field-sensor-legal-basis = Legal basis (GDPR, article 6)
field-sensor-controller = Controller
field-sensor-controller-contact = Controller's contact
field-sensor-operator-kind = Operator
field-sensor-operator-name = Operator's name
field-sensor-dpo-contact = Data protection officer (DPO)
field-sensor-hosting = Data hosting
field-sensor-hosting-provider = Hosting provider
field-sensor-recipients = Data recipients
field-sensor-raw-retention = Retention of raw measurements
field-sensor-aggregate-retention = Retention of aggregates
field-sensor-open-data-url = Open data link
field-sensor-dpia-url = Impact assessment (DPIA)
field-sensor-decision = Decision that authorises it
field-sensor-legal-reference = Legal obligation (reference)
hint-sensor-approval = A sensor that films, counts passers-by or processes personal data can go live only with an adopted decision of the town, or a legal obligation whose reference you give.
hint-sensor-legal-reference = For example: Internal Security Code, art. L251-2; prefectural order no. 2024-117.
sensor-authorised-by = Authorised by
sensor-authorised-law = legal obligation: { $reference }
error-sensor-approval = This sensor cannot go live without an authorisation: choose the adopted decision that authorises it, or give the legal obligation it answers.
error-sensor-decision = Choose a published decision that adopted this deployment (adopted, or adopted with changes).
error-sensor-legal-reference = The reference is too long (at most 300 characters).
field-sensor-status = Status
field-sensor-installed-on = Installed on
field-sensor-active-until = Authorised until
field-sensor-datastreams = Datastreams (name|property|unit|type|retention; …)
field-datastream-name = Datastream name
field-datastream-observed-property = What is measured
field-datastream-unit = Unit (UCUM)
field-datastream-value-type = Value type
field-datastream-raw-retention = Retention of raw values
field-position-from = From
field-position-to = Until

hint-sensor-reference = Printed on the sign, it never changes: capital letters, digits and dashes (PK-0042).
hint-sensor-point = A fixed sensor: latitude and longitude in decimal degrees (47.3941). A mobile sensor: leave empty and describe its zone.
hint-sensor-zone = A GeoJSON polygon, for example {"{"}"type":"Polygon","coordinates":[[[0.68,47.39],[0.70,47.39],[0.70,47.40],[0.68,47.39]]]{"}"}.
hint-sensor-purpose-text = In one or two plain sentences: what this sensor is for, for residents.
hint-sensor-anonymisation = If data is anonymised inside the sensor, explain how.
hint-retention = A whole number and a unit: 30 days, 72 hours, 1 year.
field-duration-unit = Unit
unit-hours = hours
unit-days = days
unit-weeks = weeks
unit-months = months
unit-years = years
hint-aggregate-retention = Averages and counts; leave empty if no aggregate is kept.
hint-datastream-name = The datastream's identifier for incoming measurements (REF/name): letters, digits, - and _.
hint-datastream-unit = UCUM code: ug/m3, dB, Cel, %, kW.h; empty for yes/no or text.

choose = — Choose —
value-none = None
value-none-f = None
filter-all = All
filter-label = Filter the sensors
filter-words = Words of the name or reference
filter-sort = Sort by
filter-submit = Filter
filter-reset = Show all
sort-reference = Reference
sort-name = Name
sort-updated = Last change
form-required-explained = Fields marked "required" must be filled in.
footer-open-data = Open data

sensors-title = Sensors in public space
sensors-lead = Every sensor in the public space of { $town }: what it measures, why, who is responsible, whether it touches personal data and how long its data is kept.
sensors-open-data-link = Download the registry (open data)
sensors-new = Add a sensor
sensors-import = Import a file
sensors-list-title = List of sensors
sensors-count = { $count ->
    [0] No sensor matches these filters.
    [one] 1 sensor matches these filters.
   *[other] { $shown } sensors match these filters.
}
sensors-caption = Sensors, page { $page } of { $pages }

map-title = Map of sensors
map-hint = Each shape tells what the sensor does with personal data. The interactive map groups nearby sensors into numbers: zoom in or tap a group to split it, then a point to open its page. The list below gives the same information.
map-skip = Skip the map and go to the list
map-start = Open the interactive map
map-preview-alt = { $count ->
    [0] Town plan, with no sensor for these filters. The list below confirms it.
    [one] Town plan with { $shown } sensor, described in the list below.
   *[other] Town plan with { $shown } sensors, described in the list below.
}
map-open-sensor = Open its page
map-legend = Shape key: personal data
map-cluster = sensors

sensor-summary-title = In short
summary-what = This sensor ({ $technology }) measures: { $measures }.
summary-personal-none = No personal data is collected.
summary-personal-pseudonymised = It processes pseudonymised data (legal basis: { $basis }).
summary-personal-personal = It processes personal data (legal basis: { $basis }).
summary-personal-sensitive = It processes sensitive personal data (legal basis: { $basis }).
summary-retention = Raw measurements are kept { $raw }, aggregates { $aggregate }.
summary-retention-raw-only = Raw measurements are kept { $raw }; no aggregate is kept.
summary-operated-by-city = Controller: { $controller }, which operates it itself.
summary-operated-by = Controller: { $controller }; operator: { $operator }.
summary-status-planned = It is planned, not yet installed.
summary-status-in-consultation = Its use is under consultation with residents before any installation.
summary-status-active = It is in service.
summary-status-active-since = It has been in service since { $date }.
summary-status-suspended = It is suspended: it no longer sends data.
summary-status-removed = It has been removed.
sensor-notice-link = Printable information sign
sensor-json-link = Record as JSON
sensor-staff-title = Management
sensor-edit = Edit the record
sensor-status-change = New status
sensor-status-submit = Change the status
sensor-live-title = Status and proof of deletion
sensor-live-none = This sensor has not sent any measurement to Clairvoie yet: there is no data received and no deletion to prove.
sensor-record-title = Full record
sensor-mobile-zone = Mobile sensor, within the zone:
sensor-no-aggregates = No aggregate is kept
sensor-updated-at = Last change
sensor-datastreams-title = Measurements
sensor-datastreams-caption = Datastreams of { $reference }
sensor-positions-title = Positions of the mobile sensor
sensor-positions-none = No position recorded.
sensor-position-now = today
sensor-position = Position
sensor-position-add = Record a position
sensor-position-submit = Record the position
sensor-history-title = Public history of changes
sensor-history-hint = Every change to the record is kept: when, by which role, which fields, old and new value.
history-actor-import = File import
history-created = record created
history-changed = { $count ->
    [one] 1 field changed
   *[other] { $count } fields changed
}
history-field = Field
history-old = Before
history-new = After
history-decision = decision no. { $id }

sensor-new-title = Add a sensor
sensor-edit-title = Edit sensor { $reference }
sensor-reference-fixed = it does not change, as it is printed on the sign.
sensor-form-identity = Identification
sensor-form-location = Location
sensor-form-purpose = Purpose
sensor-form-data = Data and rights
sensor-form-responsibility = Responsibilities
sensor-form-retention = Retention and openness
sensor-form-datastream = Datastream no. { $n } (leave the name empty to skip it)
sensor-create = Add the sensor
sensor-save = Save the changes
notice-sensor-created = The sensor is added to the registry.
notice-sensor-saved = The changes are saved and shown in the history.
notice-sensor-status = The status is changed.
notice-position-added = The position is recorded.
error-position-fixed-sensor = Only a mobile sensor (described by a zone) has positions.

import-title = Import sensors
import-lead = Add or update sensors from a file. A known reference updates the sensor; a new one creates it. Every change enters the public history.
import-csv = CSV (comma or semicolon separated, UTF-8), one row per sensor, with the open-data columns.
import-csv-example = The current registry as CSV is a template.
import-geojson = GeoJSON: a FeatureCollection whose points (or polygons for mobile sensors) carry the same fields as properties.
import-all-or-nothing = All or nothing: if a single row is wrong, nothing is imported and every error is listed.
import-file = CSV or GeoJSON file
import-submit = Import
import-progress = Importing, please wait…
import-errors-caption = { $count ->
    [one] 1 error, nothing was imported
   *[other] { $count } errors, nothing was imported
}
import-row = Row
import-field = Field
import-problem = Problem
import-datastream = Datastream
notice-import-done = Import finished: { $created ->
        [one] { $created } sensor created
       *[other] { $created } sensors created
    }, { $updated } changed, { $unchanged } unchanged.
error-import-empty = Choose a file with at least one sensor.
error-import-too-big = The file is larger than 16 MB: split it.
error-import-incomplete = The file did not arrive whole: nothing was imported. Send it again.
error-import-encoding = The file must be saved as UTF-8.
error-import-unreadable = The file is neither a CSV with a "reference" column nor a GeoJSON FeatureCollection.
error-import-rows = Some rows of the file are wrong: nothing was imported. Fix the errors listed and try again.
error-import-duplicate-reference = This reference already appears higher up in the file.

notice-controller = Who is responsible?
notice-purpose = Why this sensor?
notice-data = Which data?
notice-retention = For how long?
notice-rights = Your rights
notice-rights-none = This sensor collects no personal data. For any question, write to the controller.
notice-rights-personal = You may access data about you, have it corrected or erased, object to or restrict the processing, by writing to the data protection officer: { $dpo }.
notice-complaint = Complaint
notice-cnil = You may lodge a complaint with the CNIL (www.cnil.fr), 3 place de Fontenoy, 75007 Paris.
notice-more = Learn more
notice-more-text = Full record, history and open data in the sensor registry of { $town }: scan the code or type the address below.
notice-print-hint = This page prints on A4 or A5 (the browser's Print menu).
notice-download-svg = Download the sign (SVG)
notice-qr-label = QR code leading to { $url }

open-data-title = Open data of the sensor registry
open-data-lead = The registry is published as open data, updated with every change, with no sign-up.
open-data-endpoints = Endpoints
open-data-geojson = every sensor as GeoJSON (a point, or a polygon for a mobile sensor), with all the fields below.
open-data-csv = the same fields as CSV, one row per sensor.
open-data-record = one sensor's full record as JSON.
open-data-parameters = Filters
open-data-parameters-text = All three endpoints take the list's filters as query parameters (for example ?domain=parking&personal_data=none, or ?lat=47.3952&lon=0.6901&rayon=200 for the fixed sensors within 200 m of a point):
open-data-fields = Fields
open-data-fields-caption = Field names and their meaning
open-data-field-name = Name
open-data-field-meaning = Meaning
open-data-licence-title = Licence
open-data-licence = Free reuse, commercial included, crediting the source, under

# MapLibre's own controls, in the page's language (ui::MapAssets).
map-zoom-in = Zoom in
map-zoom-out = Zoom out
map-reset-bearing = Reset north
map-canvas = Map
map-marker = Marker
map-popup-close = Close
map-gestures-windows = Hold Ctrl and use the wheel to zoom the map
map-gestures-mac = Hold ⌘ and use the wheel to zoom the map
map-gestures-mobile = Use two fingers to move the map

filter-toggle = Filters and sorting
filter-toggle-active = { $count ->
        [one] Filters and sorting ({ $count } filter applied)
       *[other] Filters and sorting ({ $count } filters applied)
    }
addresses-title = The town's addresses
addresses-count = { $count ->
    [0] No address is imported: searching by address is unavailable.
    [one] { $shown } address is imported.
   *[other] { $shown } addresses are imported.
}
addresses-lead = Import the National Address Base's file for your town (adresses-<INSEE code>.csv, on adresse.data.gouv.fr). It replaces every address at once: a file with a single wrong line changes nothing. Residents then find the sensors near an address, and every sensor's page names its nearest address, with no outside service.
addresses-columns = Columns read (separated by semicolons):
addresses-file = Address file (BAN CSV)
addresses-submit = Import the addresses
addresses-errors-caption = { $count ->
    [one] One line refused; no address was changed
   *[other] { $count } lines refused; no address was changed
}
notice-addresses-imported = { $count ->
    [one] One address imported.
   *[other] { $count } addresses imported.
}
error-addresses-lines = The file has wrong lines, listed below: nothing was imported.
error-addresses-incomplete = The file did not arrive whole (too large, or the connection broke): nothing was imported.
error-addresses-file-empty = Choose an address file.
error-addresses-encoding = The file must be UTF-8, as the BAN's files are.
error-addresses-empty = The file is empty.
error-addresses-column = This column is missing from the first line.
error-addresses-too-many = The file has more than 300,000 addresses.
error-addresses-id = Identifier missing or too long.
error-addresses-duplicate = This identifier is already used higher up in the file.
error-addresses-number = The number must be a whole number from 0 to 99,999.
error-addresses-street = Street name missing or too long.
error-addresses-postcode = The postcode must have five digits.
error-addresses-city = Town name missing or too long.
error-addresses-lon = The longitude must be a number between -180 and 180.
error-addresses-lat = The latitude must be a number between -90 and 90.
error-addresses-rep = The repetition index must be a word or a letter (bis, ter, a…).
near-label = Sensors near an address
near-address = Address
near-address-hint = For example: 12 rue de la République. Accents and abbreviations (r, av, bd) are understood.
near-distance = Distance
near-metres = { $metres } m
near-submit = Search around
near-me = Around me
near-me-refused = Your position is not available: type an address instead.
near-found = Sensors within { $metres } m of “{ $place }”, nearest first.
near-here = Sensors within { $metres } m of your position, nearest first.
near-clear = See all sensors
near-several = Several streets match “{ $typed }”: choose yours.
near-not-found = No address of the town matches “{ $typed }”. Check the spelling, or type only the street's name.
near-try-again = Correct the address
near-column = Distance
sensor-near-address = Near { $address }
error-addresses-none = The file has no address: it would erase every address of the town.
error-addresses-too-many-streets = The file names more than 20,000 streets: it is not one town's file.
