#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

// Each test case runs with a fresh temporary working directory (see tests/unit/test_support.hpp).
int main(int argc, char** argv)
{
    doctest::Context context;
    context.applyCommandLine(argc, argv);
    return context.run();
}
