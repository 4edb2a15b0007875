import type { EventSourcedRepository } from '../event-sourced-repository';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- repositories of different aggregates
type AnyRepository = EventSourcedRepository<any, any, any>;

/** The aggregates (by stream category) this service owns, with their repositories: what time travel folds. */
export class AggregateCatalog {
  private readonly byCategory = new Map<string, AnyRepository>();

  add(category: string, repository: AnyRepository): void {
    this.byCategory.set(category, repository);
  }

  categories(): string[] {
    return [...this.byCategory.keys()].sort();
  }

  repository(category: string): AnyRepository | undefined {
    return this.byCategory.get(category);
  }
}
