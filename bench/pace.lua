-- pace.lua — turns Debian's wrk 4.x (which has no -R) into a constant-rate
-- load generator for latency measurements.
--
--   BENCH_RATE=20000 BENCH_THREADS=2 wrk -t2 -c64 -d10s --latency -s pace.lua URL
--
-- Each wrk thread owns a schedule of send slots spaced 1/(rate/threads) apart.
-- Before every request wrk asks delay(); we hand the connection the next free
-- slot and return how long to wait for it (wrk's timers have 1 ms resolution,
-- so the wait is rounded down; the slot sequence keeps the average rate exact).
-- A connection that is behind schedule sends at once, so the rate only falls
-- short when all connections are busy (the target is then saturated).
--
-- wrk starts a request's latency clock when it writes the request, i.e. after
-- the delay, so --latency reports service time at the offered rate.
-- Needs LuaJIT (Debian's wrk links libluajit) for clock_gettime via FFI.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local CLOCK_MONOTONIC = 1

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local rate = tonumber(os.getenv("BENCH_RATE") or "") or 1000
local threads = tonumber(os.getenv("BENCH_THREADS") or "") or 1
local interval = 1000 / (rate / threads) -- ms between slots in this thread
local next_slot = nil

function delay()
  local now = now_ms()
  if next_slot == nil then next_slot = now end
  -- never bank more than 10 ms of unused slots (no bursts after a stall)
  if next_slot < now - 10 then next_slot = now - 10 end
  local slot = next_slot
  next_slot = next_slot + interval
  local wait = slot - now
  if wait <= 0 then return 0 end
  return math.floor(wait)
end
