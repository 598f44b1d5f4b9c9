-- wrk script of scripts/bench http: one phase, chosen by environment variables.
--   ATS_WRK_NAME      figure prefix (lesson, dashboard, ...)
--   ATS_WRK_MODE      anon | student-get | lesson | complete | journal
--   ATS_WRK_PATH      the path for anon and student-get
--   ATS_WRK_STUDENTS  signed-in students, one a line: cookie TAB form-token TAB open,lesson,slugs
-- Every request comes "through the TLS proxy": X-Forwarded-Proto https from the trusted address.
-- Prints name=value lines: requests/s, p50, p99, non-2xx, 3xx, redirects to the login page, errors.

local name = os.getenv("ATS_WRK_NAME") or "phase"
local mode = os.getenv("ATS_WRK_MODE") or "anon"
local path = os.getenv("ATS_WRK_PATH") or "/"
local students_file = os.getenv("ATS_WRK_STUDENTS")
local boundary = "----atsbenchboundary7MA4YWxkTrZu0gW"

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local students = {}
local n = 0
local ok2xx, redirects, login_redirects, other = 0, 0, 0, 0
local id = 0

local function split(s, sep)
  local out = {}
  for part in string.gmatch(s, "([^" .. sep .. "]+)") do table.insert(out, part) end
  return out
end

function init(args)
  id = tonumber(wrk.thread:get("id")) or 0
  if students_file and students_file ~= "" then
    for line in io.lines(students_file) do
      local f = split(line, "\t")
      table.insert(students, { cookie = f[1], token = f[2], lessons = split(f[3], ",") })
    end
    n = #students
  end
end

local i = 0

local function headers(student, extra)
  local h = { ["X-Forwarded-Proto"] = "https", ["X-Forwarded-For"] = "127.0.0.1" }
  if student then h["Cookie"] = student.cookie end
  if extra then for k, v in pairs(extra) do h[k] = v end end
  return h
end

function request()
  i = i + 1
  if mode == "anon" then
    return wrk.format("GET", path, headers(nil))
  end
  -- Threads start at different students; each pass through the students moves every one to her next lesson.
  local k = (id * 7919 + i) % n
  local s = students[k + 1]
  local slug = s.lessons[(math.floor(i / n) % #s.lessons) + 1]
  if mode == "student-get" then
    return wrk.format("GET", path, headers(s))
  elseif mode == "lesson" then
    return wrk.format("GET", "/learn/" .. slug, headers(s))
  elseif mode == "complete" then
    -- As the lesson page's form posts it (Blazor's _handler names the form).
    local body = "_handler=progress&__RequestVerificationToken=" .. s.token .. "&Complete=" .. ((i % 2 == 0) and "true" or "false")
    return wrk.format("POST", "/learn/" .. slug, headers(s, { ["Content-Type"] = "application/x-www-form-urlencoded" }), body)
  elseif mode == "journal" then
    -- As journal.js posts it: the form's FormData (multipart), asking for JSON.
    local fields = { { "__RequestVerificationToken", s.token }, { "returnUrl", "learn/" .. slug .. "#reflection" },
                     { "text", "Autosaved draft " .. i .. ": I noticed the pull to check my phone and waited ten minutes." } }
    local parts = {}
    for _, f in ipairs(fields) do
      table.insert(parts, "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. f[1] .. "\"\r\n\r\n" .. f[2] .. "\r\n")
    end
    local body = table.concat(parts) .. "--" .. boundary .. "--\r\n"
    return wrk.format("POST", "/journal/entries/" .. slug,
      headers(s, { ["Content-Type"] = "multipart/form-data; boundary=" .. boundary, ["Accept"] = "application/json" }), body)
  end
  error("unknown ATS_WRK_MODE " .. mode)
end

function response(status, hdrs, body)
  if status >= 200 and status < 300 then
    ok2xx = ok2xx + 1
  elseif status >= 300 and status < 400 then
    redirects = redirects + 1
    local location = hdrs["Location"] or hdrs["location"] or ""
    if string.find(location, "Account/Login", 1, true) then login_redirects = login_redirects + 1 end
  else
    other = other + 1
  end
  wrk.thread:set("ok2xx", ok2xx)
  wrk.thread:set("redirects", redirects)
  wrk.thread:set("login_redirects", login_redirects)
  wrk.thread:set("other", other)
end

function done(summary, latency, requests)
  local t = { ok2xx = 0, redirects = 0, login_redirects = 0, other = 0 }
  for _, thread in ipairs(threads) do
    for key, _ in pairs(t) do t[key] = t[key] + (tonumber(thread:get(key)) or 0) end
  end
  local seconds = summary.duration / 1e6
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local answered = t.ok2xx + t.redirects + t.other
  -- Only the mark-complete form answers with a redirect (back to the lesson); anywhere else, and to the login page always, a redirect is an error.
  local expected = (mode == "complete") and (t.redirects - t.login_redirects) or 0
  local out = {
    { "rps", string.format("%.1f", summary.requests / seconds) },
    { "p50_ms", string.format("%.2f", latency:percentile(50) / 1000) },
    { "p99_ms", string.format("%.2f", latency:percentile(99) / 1000) },
    { "requests", summary.requests },
    { "non2xx", answered - t.ok2xx },
    { "3xx", t.redirects },
    { "login_redirects", t.login_redirects },
    { "socket_errors", socket },
    { "errors", answered - t.ok2xx - expected + socket },
  }
  for _, kv in ipairs(out) do io.write(name .. "_" .. kv[1] .. "=" .. tostring(kv[2]) .. "\n") end
end
