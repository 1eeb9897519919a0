#include "alertctl/app.hpp"

#include <algorithm>
#include <exception>
#include <string_view>

#include "alertctl/commands.hpp"
#include "alertctl/help_formatter.hpp"

namespace alertbus::alertctl {
namespace {

void translate_help(CLI::App& app, Language language) {
  app.formatter(std::make_shared<HelpFormatter>(language));
  app.option_defaults()->group(tr(msg::kGroupOptions, language));
  app.set_help_flag("-h,--help", tr(msg::kOptHelp, language));
}

}  // namespace

CLI::Validator quiet(CLI::Validator validator) {
  validator.description("");
  return validator;
}

CLI::Validator member_of(const std::vector<std::string>& names, Language language) {
  std::string list;
  for (const std::string& name : names) {
    list += (list.empty() ? "" : "|") + name;
  }
  return CLI::Validator(
      [names, list, language](std::string& value) -> std::string {
        if (std::find(names.begin(), names.end(), value) != names.end()) {
          return {};
        }
        return std::string(tr(msg::kUnknownValue, language)) + value + " (" +
               tr(msg::kChooseOneOf, language) + ": " + list + ")";
      },
      "");
}

Language choose_language(int argc, const char* const* argv, const std::string& env_lang) {
  std::string chosen = env_lang;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--lang" && i + 1 < argc) {
      chosen = argv[i + 1];
    } else if (arg.rfind("--lang=", 0) == 0) {
      chosen = std::string(arg.substr(7));
    }
  }
  return chosen == "en" ? Language::kEn : Language::kVi;
}

int run(int argc, const char* const* argv, const Environment& environment, std::istream& in,
        std::ostream& out, std::ostream& err) {
  const Language language = choose_language(argc, argv, environment.lang);
  Context context{{}, environment, in, out, err};
  context.global.language = language;
  context.global.broker = environment.broker.empty() ? kDefaultBroker : environment.broker;
  context.global.key_file = environment.key_file;
  context.global.server_key = environment.server_key;

  CLI::App app(tr(msg::kAppDescription, language), "alertctl");
  translate_help(app, language);
  app.footer(tr(msg::kFooter, language));
  app.fallthrough();  // Global options are accepted after the command too.
  app.require_subcommand(1);
  std::string lang_option = language == Language::kEn ? "en" : "vi";
  // Global options may be repeated (a wrapper script sets one, the user another): the last wins.
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--broker", context.global.broker, tr(msg::kOptBroker, language));
  app.add_flag("--json", context.global.json, tr(msg::kOptJson, language));
  app.add_option("--lang", lang_option, tr(msg::kOptLang, language))
      ->check(member_of({"vi", "en"}, language));
  app.add_option("--timeout", context.global.timeout_seconds, tr(msg::kOptTimeout, language))
      ->check(quiet(CLI::PositiveNumber));
  app.add_option("--key-file", context.global.key_file, tr(msg::kOptKeyFile, language));
  app.add_option("--server-key", context.global.server_key, tr(msg::kOptServerKey, language));
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::Throw);

  std::vector<Command> commands;
  add_post_command(app, language, commands);
  add_follow_up_commands(app, language, commands);
  add_watch_command(app, language, commands);
  add_query_commands(app, language, commands);
  add_case_commands(app, language, commands);
  add_report_command(app, language, commands);
  add_keys_commands(app, language, commands);
  add_audit_commands(app, language, commands);
  add_cap_commands(app, language, commands);
  // Every command and group of commands, at every depth, under the translated headings
  // (CLI11 would print "Subcommands:" and "Options:").
  const auto translate_groups = [&language](CLI::App& parent, const auto& self) -> void {
    for (CLI::App* sub : parent.get_subcommands([](CLI::App*) { return true; })) {
      sub->group(tr(msg::kGroupCommands, language));
      if (CLI::Option* help = sub->get_help_ptr(); help != nullptr) {
        help->group(tr(msg::kGroupOptions, language));
      }
      self(*sub, self);
    }
  };
  translate_groups(app, translate_groups);

  if (argc <= 1) {
    err << app.help();
    return context.usage_error(tr(msg::kNeedCommand, language));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help, out, err);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help, out, err);
  } catch (const CLI::RequiredError& error) {
    if (app.get_subcommands().empty()) {
      const std::vector<std::string> extra = app.remaining();
      return context.usage_error(extra.empty() ? std::string(tr(msg::kNeedCommand, language))
                                               : tr(msg::kUnknownCommand, language) + extra[0]);
    }
    // CLI11 says "<option> is required"; say it in the chosen language.
    std::string what = error.what();
    const std::string suffix = " is required";
    if (what.size() > suffix.size() && what.ends_with(suffix)) {
      what = tr(msg::kMissingOption, language) + what.substr(0, what.size() - suffix.size());
    }
    return context.usage_error(what);
  } catch (const CLI::ParseError& error) {
    return context.usage_error(error.what());
  }

  for (const Command& command : commands) {
    if (command.app->parsed()) {
      try {
        return command.run(context);
      } catch (const std::exception& failure) {
        return context.report(Status::error(v1::INTERNAL, failure.what(), failure.what()));
      }
    }
  }
  return context.usage_error(tr(msg::kNeedCommand, language));
}

}  // namespace alertbus::alertctl
