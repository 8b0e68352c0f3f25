-- wrk script for the ingestion benchmark: every request posts ROWS new measurements of STREAM (a distinct time
-- per row, so nothing is a duplicate), with the device TOKEN. Times start at BASE_MS, one millisecond apart,
-- each wrk thread in its own range.
local rows = tonumber(os.getenv("ROWS") or "1000")
local token = os.getenv("TOKEN")
local stream = os.getenv("STREAM")
local base = tonumber(os.getenv("BASE_MS"))
local threads = 0

function setup(thread)
  thread:set("offset", threads * 100000000)
  threads = threads + 1
end

local next_time = nil
local cached_second, cached_prefix = nil, nil

local function rfc3339(ms)
  local second = math.floor(ms / 1000)
  if second ~= cached_second then
    cached_second = second
    cached_prefix = os.date("!%Y-%m-%dT%H:%M:%S", second)
  end
  return string.format("%s.%03dZ", cached_prefix, ms % 1000)
end

function request()
  if next_time == nil then next_time = base + offset end
  local parts = {}
  for i = 1, rows do
    parts[i] = string.format('{"datastream":"%s","time":"%s","value":%d}', stream, rfc3339(next_time), next_time % 100)
    next_time = next_time + 1
  end
  local body = "[" .. table.concat(parts, ",") .. "]"
  return wrk.format("POST", "/api/v1/observations",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end

local failures = 0
function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
    if failures <= 3 then io.stderr:write("unexpected status " .. status .. ": " .. body:sub(1, 200) .. "\n") end
  end
end
