using System.Text.RegularExpressions;
using AnxiousToSecure.Core.Data;
using AnxiousToSecure.TestSupport;

namespace AnxiousToSecure.UnitTests.Data;

/// <summary>
/// Raw SQL lives in one <c>*Sql.cs</c> file per feature, and no enum value is typed into it as a
/// string literal: renaming an enum member must fail the build or this test, never a query at run time.
/// Transactions are opened in one place, <see cref="DbTransactions"/>.
/// </summary>
[Trait("Category", "Data")]
public sealed partial class DataAccessRulesTests
{
    private static readonly string[] Projects = ["src/AnxiousToSecure.Core", "src/AnxiousToSecure.Web"];

    private static IEnumerable<(string Path, string Text)> Sources() =>
        from project in Projects
        from path in Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, project), "*.*", SearchOption.AllDirectories)
        where path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".razor", StringComparison.Ordinal)
        let relative = Path.GetRelativePath(TestPaths.RepositoryRoot, path).Replace('\\', '/')
        where !relative.Contains("/obj/", StringComparison.Ordinal) && !relative.Contains("/bin/", StringComparison.Ordinal)
        select (relative, File.ReadAllText(path));

    /// <summary>Every member name of every enum the app defines (Core and Web), and the role names, which the database stores as text too.</summary>
    internal static IReadOnlySet<string> StoredNames() =>
        new[] { typeof(AppDbContext).Assembly, typeof(Program).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsEnum && t.Namespace?.StartsWith("AnxiousToSecure", StringComparison.Ordinal) == true)
            .SelectMany(Enum.GetNames)
            .Concat(Roles.All)
            .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Raw_sql_calls_appear_only_in_a_feature_sql_file()
    {
        var outside = Sources()
            .Where(s => !s.Path.EndsWith("Sql.cs", StringComparison.Ordinal))
            .SelectMany(s => RawSqlCall().Matches(s.Text).Select(m => $"{s.Path}: {m.Value}"))
            .ToList();
        Assert.True(outside.Count == 0, "Raw SQL outside a *Sql.cs file:\n" + string.Join("\n", outside));
    }

    [Fact]
    public void No_enum_value_or_role_name_is_typed_into_sql_as_a_literal()
    {
        var names = StoredNames();
        var literals = Sources()
            .SelectMany(s => QuotedWord().Matches(s.Text)
                .Where(m => names.Contains(m.Groups["name"].Value))
                .Select(m => $"{s.Path}: {m.Value}"))
            .ToList();
        Assert.True(literals.Count == 0, "Enum values or role names typed into SQL (pass them as parameters, or through nameof where SQL cannot take one):\n" + string.Join("\n", literals));
    }

    [Fact]
    public void Only_the_one_helper_begins_or_joins_a_transaction()
    {
        var elsewhere = Sources()
            .Where(s => s.Path != "src/AnxiousToSecure.Core/Data/DbTransactions.cs")
            .SelectMany(s => TransactionOpening().Matches(s.Text).Select(m => $"{s.Path}: {m.Value}"))
            .ToList();
        Assert.True(elsewhere.Count == 0, "Transactions opened outside DbTransactions.InTransactionAsync:\n" + string.Join("\n", elsewhere));
    }

    [Fact]
    public void The_scan_sees_the_app_enums_and_the_sql_files()
    {
        // Guards the two tests above against passing because they looked at nothing.
        var names = StoredNames();
        Assert.Contains("Active", names);
        Assert.Contains("Pending", names);
        Assert.Contains(Roles.Admin, names);
        var sources = Sources().ToList();
        Assert.Contains(sources, s => s.Path.EndsWith("/Checkout/CheckoutSql.cs", StringComparison.Ordinal) && RawSqlCall().IsMatch(s.Text));
        Assert.Contains(sources, s => s.Path.StartsWith("src/AnxiousToSecure.Web/", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\b(BeginTransaction|UseTransaction|CurrentTransaction|TransactionScope)\w*")]
    private static partial Regex TransactionOpening();

    [GeneratedRegex(@"\b(ExecuteSql|FromSql|SqlQuery)\w*")]
    private static partial Regex RawSqlCall();

    /// <summary>A single-quoted word: SQL's string literal (a C# char literal holds one character, so it never matches).</summary>
    [GeneratedRegex(@"'(?<name>[A-Za-z_][A-Za-z0-9_]*)'")]
    private static partial Regex QuotedWord();
}
