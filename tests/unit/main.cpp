#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

// The doctest runner of the unit tests; shared helpers are in tests/unit/test_support.hpp.
int main(int argc, char** argv)
{
    doctest::Context context;
    context.applyCommandLine(argc, argv);
    return context.run();
}
