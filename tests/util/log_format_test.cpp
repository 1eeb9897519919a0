// alertbus/logging/log_format.hpp: JSON strings as the JSON-lines log writes them, and the
// subjects a line names.
#include "alertbus/logging/log_format.hpp"

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

namespace alertbus::logging {

TEST_CASE("JSON log strings keep Vietnamese and escape what JSON must") {
  CHECK(json_string("Dịch tả lợn châu Phi") == "\"Dịch tả lợn châu Phi\"");
  CHECK(json_string("a \"quoted\" \\ path") == "\"a \\\"quoted\\\" \\\\ path\"");
  CHECK(json_string("line\nnext\ttab\r") == "\"line\\nnext\\ttab\\r\"");
  CHECK(json_string(std::string("bell\x07 nul") + '\0' + "end\x7f") ==
        "\"bell\\u0007 nul\\u0000end\\u007f\"");
  // Bytes that are not UTF-8 (a lone continuation byte, a cut sequence, an overlong one).
  CHECK(json_string("a\x80z") == "\"a\xEF\xBF\xBDz\"");
  CHECK(json_string("cut \xE1\xBB") == "\"cut \xEF\xBF\xBD\xEF\xBF\xBD\"");
  CHECK(json_string("\xC0\xAF") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  // Whatever goes in, what comes out parses back.
  const std::string nasty = std::string("Quảng Ninh \x01\x1b[31m\xFF") + "\"}";
  const nlohmann::json parsed = nlohmann::json::parse(json_string(nasty));
  CHECK(parsed.get<std::string>().rfind("Quảng Ninh \u0001\u001b[31m", 0) == 0);
}

TEST_CASE("The text and json log formats are the only ones") {
  CHECK(parse_log_format("text") == LogFormat::kText);
  CHECK(parse_log_format("json") == LogFormat::kJson);
  CHECK_FALSE(parse_log_format("JSON"));
  CHECK_FALSE(parse_log_format(""));
}

}  // namespace alertbus::logging
