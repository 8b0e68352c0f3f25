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
local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }

-- With 1,000 rows a request covers exactly one second (rows 1 ms apart, starting on a whole second): the body is
-- a template built once, where only the second changes. Formatting each row in Lua would cost the load generator
-- a good part of a core, taken from the server it measures on the same two cores.
local template = nil
local marker = "SSSSSSSSSSSSSSSSSSS"
if rows == 1000 then
  local parts = {}
  for i = 0, 999 do
    parts[i + 1] = string.format('{"datastream":"%s","time":"%s.%03dZ","value":%d}', stream, marker, i, i % 100)
  end
  template = "[" .. table.concat(parts, ",") .. "]"
end

function request()
  if next_time == nil then
    next_time = base + offset
    if template then next_time = next_time - next_time % 1000 end
  end
  local body
  if template then
    body = template:gsub(marker, os.date("!%Y-%m-%dT%H:%M:%S", math.floor(next_time / 1000)))
    next_time = next_time + 1000
  else
    local parts = {}
    for i = 1, rows do
      local ms = next_time
      parts[i] = string.format('{"datastream":"%s","time":"%s.%03dZ","value":%d}', stream,
        os.date("!%Y-%m-%dT%H:%M:%S", math.floor(ms / 1000)), ms % 1000, ms % 100)
      next_time = next_time + 1
    end
    body = "[" .. table.concat(parts, ",") .. "]"
  end
  return wrk.format("POST", "/api/v1/observations", headers, body)
end

local failures = 0
function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
    if failures <= 3 then io.stderr:write("unexpected status " .. status .. ": " .. body:sub(1, 200) .. "\n") end
  end
end
