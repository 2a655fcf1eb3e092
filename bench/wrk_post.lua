-- wrk script for make bench: POSTs a JSON body read from a template file, with every "@ID@" in it
-- replaced by an id no other request uses, so each review is new (created, not duplicate).
-- Usage: wrk ... -s bench/wrk_post.lua URL -- TEMPLATE_FILE ID_PREFIX API_KEY
-- done() prints one line "WRK_JSON {...}" with the totals and latency percentiles (microseconds).

local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(args[1], "r"))
  template = file:read("*a")
  file:close()
  prefix = args[2] .. "t" .. tid .. "n"
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. args[3]
end

function request()
  local body = template:gsub("@ID@", function()
    counter = counter + 1
    return prefix .. counter
  end)
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "status_errors": %d, "timeouts": %d, "p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
