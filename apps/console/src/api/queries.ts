import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { lagHistory } from '../overview/lag-history';
import { adminApi } from './admin-api';

export const POLL_MS = 2_000;

/** Every subscription, polled; each answer is a sample of the lag history. */
export function useSubscriptions() {
  const result = useQuery({ queryKey: ['subscriptions'], queryFn: adminApi.subscriptions, refetchInterval: POLL_MS });
  const { data, dataUpdatedAt } = result;
  useEffect(() => {
    if (data) lagHistory.record(data, dataUpdatedAt);
  }, [data, dataUpdatedAt]);
  return result;
}

export function useSubscription(name: string) {
  const result = useQuery({ queryKey: ['subscriptions', name], queryFn: () => adminApi.subscription(name), refetchInterval: POLL_MS });
  const { data, dataUpdatedAt } = result;
  useEffect(() => {
    if (data) lagHistory.record([data], dataUpdatedAt);
  }, [data, dataUpdatedAt]);
  return result;
}

export const useHealth = () => useQuery({ queryKey: ['health'], queryFn: adminApi.health, refetchInterval: 5_000 });

export const useCategories = (refetchInterval: number | false = false) => useQuery({ queryKey: ['categories'], queryFn: adminApi.categories, refetchInterval });
