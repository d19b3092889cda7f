using Loom.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Loom.Samples.Statements;

/// <summary>Registers the sample's month-end statement run.</summary>
public static class StatementRunServiceCollectionExtensions
{
    /// <summary>The operation's id.</summary>
    public const string OperationId = "month-end-statements";

    /// <summary>
    /// Registers <see cref="OperationId"/> version 1: <c>collect</c> the balances, <c>render</c> the
    /// statements, then <c>deliver</c> them, one after the other.
    /// </summary>
    public static IServiceCollection AddStatementRuns(this IServiceCollection services) =>
        services.AddRunOperation(OperationId, 1, graph => graph
            .State<CollectBalances>("collect")
            .State<RenderStatements>("render", "collect")
            .State<DeliverStatements>("deliver", "render"));
}
