using Loom.Entities;
using Loom.Errors;
using Loom.Jobs;
using Loom.Samples.Ledger;
using Loom.UseCases;

namespace Loom.Tests.UseCases;

public enum Colour
{
    Red,
    Blue,
}

public sealed record Widget(string Id, [property: Unique] string Name, int Size);

public sealed record Gadget(string Id, string Label);

public sealed record NoIdEntity(string Name);

public sealed record ResizeCommand(string WidgetId, int Size, string? Note = null);

public sealed class ShrinkWidget;

/// <summary>Binds every primitive kind and echoes what it received.</summary>
public sealed class Echo
{
    public string Execute(int count, long total, Guid key, Colour colour, DateTimeOffset at, bool flag, string? note = "none") =>
        $"{count}|{total}|{key}|{colour}|{at:O}|{flag}|{note}";
}

/// <summary>Resizes a widget: computes, rules (one needing context) and a load from a command field.</summary>
public sealed class ResizeWidget(IRepository<Widget> widgets)
{
    [Compute]
    public static ResizeCommand DefaultNote(ResizeCommand command, IReadOnlySet<string> fields) =>
        fields.Contains(nameof(ResizeCommand.Note)) ? command : command with { Note = "auto" };

    [Compute]
    public static ResizeCommand Double(ResizeCommand command, IReadOnlySet<string> fields, UseCaseContext context) =>
        context.Get<bool>("doubled") ? command with { Size = command.Size * 2 } : command;

    [Rule]
    public static RuleViolation? Positive(ResizeCommand command, IReadOnlySet<string> fields) =>
        command.Size > 0 ? null : new RuleViolation(nameof(command.Size), "must be positive");

    [Rule]
    public static RuleViolation? Grows(ResizeCommand command, IReadOnlySet<string> fields, UseCaseContext context) =>
        command.Size > context.Get<Widget>("widget").Size ? null : new RuleViolation(nameof(command.Size), "must grow");

    public async Task<string> Execute(
        bool doubled,
        [Input] ResizeCommand command,
        [LoadById(From.Command, nameof(ResizeCommand.WidgetId))] Widget widget)
    {
        await widgets.SaveAsync(widget with { Size = command.Size });
        return $"{command.Size}:{command.Note}";
    }
}

/// <summary>Loads two widgets, by id and by unique name, plus optional and existence checks.</summary>
public sealed class CompareWidgets
{
    public string Execute(
        string second,
        string first,
        string name,
        string maybe,
        [LoadById(From.Param, nameof(second))] Widget b,
        [LoadById(From.Param, nameof(first))] Widget a,
        [Load(From.Param, nameof(name), By = nameof(Widget.Name))] Widget named,
        [LoadById(From.Param, nameof(maybe), OnMissing = OnMissing.Null)] Widget? optional,
        [Exists(typeof(Widget), From.Param, nameof(maybe))] bool maybeExists) =>
        $"{a.Id},{b.Id},{named.Id},{optional?.Id ?? "null"},{maybeExists}";
}

public sealed class RequireWidget
{
    public bool Execute(string id, [Exists(typeof(Widget), From.Param, nameof(id), OnMissing = OnMissing.Raise)] bool exists) => exists;
}

[UseCase(Name = "widgets.count", ReadOnly = true)]
public sealed class CountWidgets
{
    public Task<int> ExecuteAsync(int add) => Task.FromResult(add + 1);
}

public sealed class DoNothing
{
    public static int Calls;

    public void Execute() => Interlocked.Increment(ref Calls);
}

public sealed class Fail
{
    public ValueTask<int> Execute() => throw new InvalidOperationException("boom");
}

/// <summary>Runs ResizeWidget from inside itself: the nested call must join this unit of work.</summary>
public sealed class ResizeTwice(IUseCaseExecutor executor)
{
    public async Task<string> Execute(string widgetId)
    {
        await executor.ExecuteAsync<ResizeWidget>(new { doubled = false }, new { widgetId, size = 50 });
        return await executor.ExecuteAsync<ResizeWidget, string>(new { doubled = false }, new { widgetId, size = 60 });
    }
}

[UseCase(ReadOnly = true)]
public sealed class DispatchFromReadOnly(IJobDispatcher jobs)
{
    public Guid Execute() => jobs.Dispatch<NotifyTransfer>(payload: new TransferNotice("t", "a", "b", 1));
}

/// <summary>Nine parameters and nine loads by id: more than the executor's inline bookkeeping holds.</summary>
public sealed class WeighNineWidgets
{
    public string Execute(
        string w1, string w2, string w3, string w4, string w5, string w6, string w7, string w8, string w9,
        [LoadById(From.Param, nameof(w1))] Widget first,
        [LoadById(From.Param, nameof(w2))] Widget second,
        [LoadById(From.Param, nameof(w3))] Widget third,
        [LoadById(From.Param, nameof(w4))] Widget fourth,
        [LoadById(From.Param, nameof(w5))] Widget fifth,
        [LoadById(From.Param, nameof(w6))] Widget sixth,
        [LoadById(From.Param, nameof(w7))] Widget seventh,
        [LoadById(From.Param, nameof(w8))] Widget eighth,
        [LoadById(From.Param, nameof(w9), OnMissing = OnMissing.Null)] Widget? ninth) =>
        $"{first.Size + second.Size + third.Size + fourth.Size + fifth.Size + sixth.Size + seventh.Size + eighth.Size + (ninth?.Size ?? 0)}:{ninth?.Name ?? "none"}";
}
