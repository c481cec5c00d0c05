# Sourced by the bench scripts. round_order R CASE... sets the array order
# to the cases as given in odd rounds and reversed in even ones, so that no
# case always runs first or last.
round_order() {
  local r=$1 i
  shift
  order=("$@")
  if ((r % 2 == 0)); then
    order=()
    for ((i = $#; i >= 1; i--)); do order+=("${!i}"); done
  fi
}
