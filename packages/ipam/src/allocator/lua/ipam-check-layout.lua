-- Shared by the scripts that check layout fingerprints: a 'layout' reply on a mismatch.
local function check_layout(layout_key, first)
  local expected = {}
  for i = first, #ARGV, 2 do expected[ARGV[i]] = ARGV[i + 1] end
  local stored = redis.call('HGETALL', layout_key)
  for i = 1, #stored, 2 do
    if expected[stored[i]] ~= stored[i + 1] then
      return {'layout', stored[i], stored[i + 1], expected[stored[i]] or ''}
    end
  end
  return nil
end
