// alertctl keys generate | show: key files for principals and nodes (docs/OPERATIONS.md,
// "Security"). Secrets go to a file with mode 0600; what the registry needs (public keys
// only) goes to standard output, ready to paste.
#include <nlohmann/json.hpp>

#include "alertbus/protocol/keys.hpp"
#include "alertctl/commands.hpp"

namespace alertbus::alertctl {
namespace {

struct KeysInput {
  std::string principal;
  std::string out;
  std::string role = "unit";
  bool force = false;
  std::string file;
};

std::string entry_for(const protocol::KeyFile& keys, const std::string& role) {
  if (role != "node") {
    return protocol::registry_entry(keys, role);
  }
  return "[[nodes]]\nid = \"" + keys.principal + "\"\nname = \"\"\nprovince_codes = []\n" +
         "commune_ranges = []\ncurve_public_key = \"" + protocol::z85_key(keys.curve_public) +
         "\"\nsigning_public_key = \"" + protocol::z85_key(keys.signing_public) + "\"\n";
}

int print_public(Context& context, const protocol::KeyFile& keys, const std::string& role) {
  if (context.global.json) {
    context.out << nlohmann::json{{"principal", keys.principal},
                                  {"curve_public_key", protocol::z85_key(keys.curve_public)},
                                  {"signing_public_key", protocol::z85_key(keys.signing_public)}}
                       .dump()
                << '\n';
    return kExitOk;
  }
  context.out << context.tr(msg::kKeysRegistryHint) << '\n' << entry_for(keys, role);
  return kExitOk;
}

int run_generate(Context& context, const KeysInput& input) {
  const protocol::KeyFile keys = protocol::generate_key_file(input.principal);
  if (Status status = protocol::write_key_file(input.out, keys, input.force); !status.ok()) {
    return context.input_error(status);
  }
  context.err << context.tr(msg::kKeysWritten) << input.out << '\n';
  return print_public(context, keys, input.role);
}

int run_show(Context& context, const KeysInput& input) {
  auto keys = protocol::read_key_file(input.file);
  if (!keys.ok()) {
    return context.input_error(keys.status());
  }
  return print_public(context, keys.value(), input.role);
}

}  // namespace

void add_keys_commands(CLI::App& parent, Language language, std::vector<Command>& commands) {
  auto input = std::make_shared<KeysInput>();
  CLI::App* keys = parent.add_subcommand("keys", tr(msg::kCmdKeys, language));
  keys->require_subcommand(1);
  CLI::App* generate = keys->add_subcommand("generate", tr(msg::kCmdKeysGenerate, language));
  generate->add_option("principal", input->principal, tr(msg::kOptPrincipal, language))->required();
  generate->add_option("-o,--out", input->out, tr(msg::kOptKeyOut, language))->required();
  generate->add_flag("--force", input->force, tr(msg::kOptForce, language));
  generate->add_option("--role", input->role, tr(msg::kOptRole, language))
      ->check(member_of({"unit", "dashboard", "operator", "node"}, language));
  CLI::App* show = keys->add_subcommand("show", tr(msg::kCmdKeysShow, language));
  show->add_option("file", input->file, tr(msg::kOptKeyOut, language))->required();
  show->add_option("--role", input->role, tr(msg::kOptRole, language))
      ->check(member_of({"unit", "dashboard", "operator", "node"}, language));
  commands.push_back(
      {generate, [input](Context& context) { return run_generate(context, *input); }});
  commands.push_back({show, [input](Context& context) { return run_show(context, *input); }});
}

}  // namespace alertbus::alertctl
