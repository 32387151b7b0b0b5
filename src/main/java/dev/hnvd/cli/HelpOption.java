package dev.hnvd.cli;

import picocli.CommandLine.Option;

/** {@code -h/--help} for every hnvctl subcommand (the top command has picocli's standard pair). */
final class HelpOption {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;
}
