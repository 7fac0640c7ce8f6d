"""The command line's exit codes, for every command and the self-test alike."""

EXIT_OK = 0  # done
EXIT_REFUSED = 1  # input refused; the message says why
EXIT_USAGE = 2  # the command line itself is wrong (argparse's code)
EXIT_PIPE = 141  # 128 + SIGPIPE: the reader of the output went away
